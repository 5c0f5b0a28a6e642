import { SeraBenchError } from "../errors.ts";
/**
 * Values as Python's json.loads returns them, so that they print the way Python prints them
 * (SWE-agent's Jinja rendering, vLLM's re-dumped tool-call arguments): 1 and 1.0 stay different,
 * big ints stay exact, dict order is kept.
 */
export type PyValue =
  | { readonly t: "none" }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "int"; readonly v: bigint }
  | { readonly t: "float"; readonly v: number }
  | { readonly t: "str"; readonly v: string }
  | { readonly t: "list"; readonly v: readonly PyValue[] }
  | { readonly t: "dict"; readonly v: ReadonlyMap<string, PyValue> };

export class PyTypeError extends SeraBenchError {
  override readonly name = "TypeError";
}

/** How one way of printing writes the scalars; lists and dicts are ", "- and ": "-separated in all. */
export type PyPrinter = {
  readonly none: string;
  readonly bool: (value: boolean) => string;
  readonly float: (value: number) => string;
  readonly str: (text: string) => string;
};

export function pyPrint(value: PyValue, printer: PyPrinter): string {
  switch (value.t) {
    case "none":
      return printer.none;
    case "bool":
      return printer.bool(value.v);
    case "int":
      return value.v.toString();
    case "float":
      return printer.float(value.v);
    case "str":
      return printer.str(value.v);
    case "list":
      return `[${value.v.map((item) => pyPrint(item, printer)).join(", ")}]`;
    case "dict":
      return `{${[...value.v].map(([k, v]) => `${printer.str(k)}: ${pyPrint(v, printer)}`).join(", ")}}`;
  }
}

const REPR: PyPrinter = { none: "None", bool: (v) => (v ? "True" : "False"), float: pyFloatRepr, str: pyStrRepr };

/** repr(value). */
export function pyRepr(value: PyValue): string {
  return pyPrint(value, REPR);
}

/** str(value), as `{{value}}` renders it. */
export function pyStr(value: PyValue): string {
  return value.t === "str" ? value.v : pyRepr(value);
}

/** `value|join(sep)` in Jinja: iterate a str (characters), list (items) or dict (keys). */
export function pyJoin(value: PyValue, separator: string): string {
  if (value.t === "str") return [...value.v].join(separator);
  if (value.t === "list") return value.v.map(pyStr).join(separator);
  if (value.t === "dict") return [...value.v.keys()].join(separator);
  throw new PyTypeError(`'${value.t === "none" ? "NoneType" : value.t}' object is not iterable`);
}

/** repr() of a float: shortest round-trip digits, exponent form below 1e-4 and from 1e16; inf, nan. */
export function pyFloatRepr(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  const [mantissa = "", exponentText = "0"] = Math.abs(value).toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  const digits = mantissa.replace(".", "");
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  return `${sign}${digits.slice(0, exponent + 1).padEnd(exponent + 1, "0")}.${digits.slice(exponent + 1) || "0"}`;
}

/** repr() of a str: single quotes unless the text has ' and no ". */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) out += escapeReprChar(char, quote);
  return out + quote;
}

function escapeReprChar(char: string, quote: string): string {
  if (char === quote || char === "\\") return `\\${char}`;
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  if (char === "\t") return "\\t";
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa1)) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code >= 0xd800 && code <= 0xdfff) return `\\u${code.toString(16).padStart(4, "0")}`;
  return char;
}

/** A plain JSON-like value (from our config) as the Python value json.loads would give. */
export function fromJs(value: unknown): PyValue {
  if (value === null || value === undefined) return { t: "none" };
  if (typeof value === "boolean") return { t: "bool", v: value };
  if (typeof value === "number") return Number.isInteger(value) ? { t: "int", v: BigInt(value) } : { t: "float", v: value };
  if (typeof value === "string") return { t: "str", v: value };
  if (Array.isArray(value)) return { t: "list", v: value.map(fromJs) };
  return { t: "dict", v: new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJs(v)])) };
}
