import { SeraBenchError } from "../errors.ts";
import type { PyValue } from "./value.ts";

export class PyJsonError extends SeraBenchError {
  override readonly name = "JSONDecodeError";
}

/** json.loads with Python's results: ints vs floats, NaN/Infinity accepted, last duplicate key wins. */
export function pyJsonLoads(text: string): PyValue {
  const parser = new Parser(text);
  const value = parser.value();
  parser.whitespace();
  if (!parser.atEnd()) throw new PyJsonError("Extra data");
  return value;
}

/** json.loads, or undefined when the text is not JSON. */
export function pyJsonLoadsOr(text: string): PyValue | undefined {
  try {
    return pyJsonLoads(text);
  } catch {
    return undefined;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const CONSTANTS: readonly [string, PyValue][] = [
  ["null", { t: "none" }],
  ["true", { t: "bool", v: true }],
  ["false", { t: "bool", v: false }],
  ["NaN", { t: "float", v: Number.NaN }],
  ["Infinity", { t: "float", v: Number.POSITIVE_INFINITY }],
  ["-Infinity", { t: "float", v: Number.NEGATIVE_INFINITY }],
];

class Parser {
  private i = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.i >= this.text.length;
  }

  whitespace(): void {
    while (" \t\n\r".includes(this.text[this.i] ?? "x")) this.i++;
  }

  value(): PyValue {
    this.whitespace();
    const c = this.text[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return { t: "str", v: this.string() };
    const constant = CONSTANTS.find(([word]) => this.text.startsWith(word, this.i));
    if (constant !== undefined) {
      this.i += constant[0].length;
      return constant[1];
    }
    return this.number();
  }

  private number(): PyValue {
    NUMBER.lastIndex = this.i;
    const match = NUMBER.exec(this.text);
    if (match === null) throw new PyJsonError("Expecting value");
    this.i += match[0].length;
    const isFloat = match[1] !== undefined || match[2] !== undefined;
    return isFloat ? { t: "float", v: Number(match[0]) } : { t: "int", v: BigInt(match[0]) };
  }

  private object(): PyValue {
    const entries = new Map<string, PyValue>();
    this.i++;
    this.whitespace();
    if (this.text[this.i] === "}") return this.i++, { t: "dict", v: entries };
    for (;;) {
      this.whitespace();
      if (this.text[this.i] !== '"') throw new PyJsonError("Expecting property name enclosed in double quotes");
      const key = this.string();
      this.whitespace();
      if (this.text[this.i++] !== ":") throw new PyJsonError("Expecting ':' delimiter");
      entries.set(key, this.value());
      this.whitespace();
      const next = this.text[this.i++];
      if (next === "}") return { t: "dict", v: entries };
      if (next !== ",") throw new PyJsonError("Expecting ',' delimiter");
    }
  }

  private array(): PyValue {
    const items: PyValue[] = [];
    this.i++;
    this.whitespace();
    if (this.text[this.i] === "]") return this.i++, { t: "list", v: items };
    for (;;) {
      items.push(this.value());
      this.whitespace();
      const next = this.text[this.i++];
      if (next === "]") return { t: "list", v: items };
      if (next !== ",") throw new PyJsonError("Expecting ',' delimiter");
    }
  }

  private string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) throw new PyJsonError("Unterminated string");
      if (c.charCodeAt(0) < 0x20) throw new PyJsonError("Invalid control character");
      this.i += c === "\\" ? 2 : 1;
      if (c === '"') break;
    }
    try {
      return JSON.parse(this.text.slice(start, this.i)) as string;
    } catch {
      throw new PyJsonError("Invalid \\escape");
    }
  }
}
