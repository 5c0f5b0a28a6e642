import { pyJsonLoads } from "./json-loads.ts";
import { pyFloatRepr, pyPrint, type PyValue } from "./value.ts";

/**
 * json.dumps(value) with Python's ", " and ": " separators. Floats print as repr() prints them,
 * except that nan, inf and -inf become NaN, Infinity and -Infinity (as String() spells them).
 * ensure_ascii (the default) escapes every character outside printable ASCII, per UTF-16 unit;
 * without it a lone surrogate is still escaped (JSON.stringify), where Python writes it raw.
 */
export function pyJsonDumps(value: PyValue, { ensureAscii = true }: { readonly ensureAscii?: boolean } = {}): string {
  return pyPrint(value, {
    none: "null",
    bool: String,
    float: (v) => (Number.isFinite(v) ? pyFloatRepr(v) : String(v)),
    str: (text) => (ensureAscii ? JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : JSON.stringify(text)),
  });
}

/**
 * json.dumps(json.loads(text), ensure_ascii=False): what vLLM does to a tool call's arguments
 * before the chat template renders them. Throws SyntaxError on invalid JSON.
 */
export function pyJsonRedump(text: string): string {
  try {
    return pyJsonDumps(pyJsonLoads(text), { ensureAscii: false });
  } catch (error) {
    throw new SyntaxError(String(error), { cause: error });
  }
}
