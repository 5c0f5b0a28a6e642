export type Distribution = NonNullable<ReturnType<typeof distribution>>;

export function distribution(values: readonly (number | undefined)[]) {
  const known = values.filter((v): v is number => v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  if (known.length === 0) return undefined;
  const sum = known.reduce((a, b) => a + b, 0);
  const mid = Math.floor(known.length / 2);
  const median = known.length % 2 === 1 ? (known[mid] ?? 0) : ((known[mid - 1] ?? 0) + (known[mid] ?? 0)) / 2;
  return { count: known.length, sum, mean: sum / known.length, median, max: known[known.length - 1] ?? 0 };
}
