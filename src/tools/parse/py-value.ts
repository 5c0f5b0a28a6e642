import { SeraBenchError } from "../../util/errors.ts";
/**
 * Values as Python's json.loads returns them, so that they print the way SWE-agent's Jinja
 * rendering prints them: 1 and 1.0 stay different, big ints stay exact, dict order is kept.
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

/** str(value), as `{{value}}` renders it. */
export function pyStr(value: PyValue): string {
  return value.t === "str" ? value.v : pyRepr(value);
}

export function pyRepr(value: PyValue): string {
  switch (value.t) {
    case "none":
      return "None";
    case "bool":
      return value.v ? "True" : "False";
    case "int":
      return value.v.toString();
    case "float":
      return pyFloatRepr(value.v);
    case "str":
      return pyStrRepr(value.v);
    case "list":
      return `[${value.v.map(pyRepr).join(", ")}]`;
    case "dict":
      return `{${[...value.v].map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  }
}

/** `value|join(sep)` in Jinja: iterate a str (characters), list (items) or dict (keys). */
export function pyJoin(value: PyValue, separator: string): string {
  if (value.t === "str") return [...value.v].join(separator);
  if (value.t === "list") return value.v.map(pyStr).join(separator);
  if (value.t === "dict") return [...value.v.keys()].join(separator);
  throw new PyTypeError(`'${pyTypeName(value)}' object is not iterable`);
}

export function pyTypeName(value: PyValue): string {
  return { none: "NoneType", bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "dict" }[value.t];
}

export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const text = value.toFixed(Math.max(0, (mantissa.split(".")[1]?.length ?? 0) - exponent));
  return text.includes(".") ? text : `${text}.0`;
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
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code >= 0x80 && code < 0xa1) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code >= 0xd800 && code <= 0xdfff) return `\\u${code.toString(16).padStart(4, "0")}`;
  return char;
}

/** json.dumps(value) with Python's defaults (", " and ": " separators, ensure_ascii). */
export function pyJsonDumps(value: PyValue): string {
  switch (value.t) {
    case "none":
      return "null";
    case "bool":
      return value.v ? "true" : "false";
    case "int":
      return value.v.toString();
    case "float":
      return Number.isNaN(value.v) ? "NaN" : Number.isFinite(value.v) ? pyFloatRepr(value.v) : value.v > 0 ? "Infinity" : "-Infinity";
    case "str":
      return jsonString(value.v);
    case "list":
      return `[${value.v.map(pyJsonDumps).join(", ")}]`;
    case "dict":
      return `{${[...value.v].map(([k, v]) => `${jsonString(k)}: ${pyJsonDumps(v)}`).join(", ")}}`;
  }
}

function jsonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const char = text[i] ?? "";
    if (char === '"' || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (char === "\b") out += "\\b";
    else if (char === "\f") out += "\\f";
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out}"`;
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
