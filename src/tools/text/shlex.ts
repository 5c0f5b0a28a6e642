/** Python's shlex.quote: safe ASCII strings unchanged, empty string as '', else single-quoted. */
export function shlexQuote(value: string): string {
  if (value === "") return "''";
  if (!/[^a-zA-Z0-9_@%+=:,./-]/.test(value)) return value;
  return `'${value.replaceAll("'", `'"'"'`)}'`;
}
