const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Every string that comes from a run (ids, patches, test names, trajectories) goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** Tagged template: interpolated values are escaped unless wrapped by `raw()`. */
export interface RawHtml {
  readonly __html: string;
}

export const raw = (html: string): RawHtml => ({ __html: html });

type Value = string | number | RawHtml | readonly RawHtml[] | undefined;

export function html(strings: TemplateStringsArray, ...values: Value[]): RawHtml {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? "");
  });
  return raw(out);
}

function render(value: Value): string {
  if (value === undefined) return "";
  if (typeof value === "string" || typeof value === "number") return escapeHtml(String(value));
  if (Array.isArray(value)) return (value as readonly RawHtml[]).map((v) => v.__html).join("");
  return (value as RawHtml).__html;
}

/** Caps a long text and says how much was left out. */
export function capText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… [${(text.length - max).toLocaleString("en-US")} more characters not shown]`;
}
