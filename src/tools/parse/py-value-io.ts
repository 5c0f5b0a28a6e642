import { pyJsonLoads } from "./py-json.ts";
import type { PyValue } from "./py-value.ts";

export { pyJsonDumps, fromJs, pyStr } from "./py-value.ts";
export type { PyValue } from "./py-value.ts";

/** json.loads, or undefined when the text is not JSON. */
export function pyJsonLoadsOr(text: string): PyValue | undefined {
  try {
    return pyJsonLoads(text);
  } catch {
    return undefined;
  }
}
