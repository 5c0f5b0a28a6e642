/**
 * String constants read out of Python source files (SERA's constants.py, SWE-agent's parsing.py),
 * so that their texts are used as published instead of being retyped. Only what those files use:
 * a module-level `NAME = """..."""` and a class attribute `name: str = dedent("""\ ...""")`, with
 * Python's escape sequences, adjacent-literal concatenation and `textwrap.dedent`.
 */
import { SeraBenchError } from "../util/errors.ts";

export class PythonSourceError extends SeraBenchError {
  override readonly name = "PythonSourceError";
}

/** The value of the module-level string constant `name` (e.g. HERMES_DEFAULT_SYSTEM_PROMPT). */
export function pythonConstant(source: string, name: string, where: string): string {
  const match = new RegExp(`^${name}\\s*(?::\\s*str\\s*)?=\\s*`, "m").exec(source);
  if (match === null) throw new PythonSourceError(`${where}: no module-level string ${name} = "..." found`);
  return readValue(source, match.index + match[0].length, `${where}: ${name}`);
}

/** The value of the string attribute `attribute` in the body of `class className` (dedent() applied when the source wraps it). */
export function pythonClassAttribute(source: string, className: string, attribute: string, where: string): string {
  const start = new RegExp(`^class ${className}\\b.*$`, "m").exec(source);
  if (start === null) throw new PythonSourceError(`${where}: no class ${className}`);
  const rest = source.slice(start.index + start[0].length);
  const end = /^\S/m.exec(rest);
  const body = end === null ? rest : rest.slice(0, end.index);
  const match = new RegExp(`^\\s+${attribute}\\s*(?::\\s*str\\s*)?=\\s*`, "m").exec(body);
  if (match === null) throw new PythonSourceError(`${where}: class ${className} has no string attribute ${attribute}`);
  const offset = start.index + start[0].length + match.index + match[0].length;
  return readValue(source, offset, `${where}: ${className}.${attribute}`);
}

/** A literal (or adjacent literals), optionally wrapped in dedent(...) / textwrap.dedent(...). */
function readValue(source: string, at: number, label: string): string {
  const parens = /^\(\s*/.exec(source.slice(at));
  if (parens !== null) return readLiterals(source, at + parens[0].length, label, true);
  const call = /^(?:textwrap\.)?dedent\(\s*/.exec(source.slice(at));
  const literal = readLiterals(source, at + (call?.[0].length ?? 0), label);
  return call === null ? literal : pyDedent(literal);
}

/** Adjacent literals; `parenthesized`: inside `( ... )`, where they may stand on separate lines. */
function readLiterals(source: string, at: number, label: string, parenthesized = false): string {
  let text = "";
  let position = at;
  let count = 0;
  for (;;) {
    const skip = (parenthesized ? /^\s*/ : /^[ \t]*(?:\\\n[ \t]*)?/).exec(source.slice(position));
    const start = position + (skip?.[0].length ?? 0);
    const literal = readLiteral(source, start);
    if (literal === undefined) break;
    text += literal.value;
    position = literal.end;
    count++;
  }
  if (count === 0) throw new PythonSourceError(`${label}: expected a string literal`);
  return text;
}

function readLiteral(source: string, at: number): { value: string; end: number } | undefined {
  const head = /^([rRuU]?)("""|'''|"|')/.exec(source.slice(at));
  if (head === null) return undefined;
  const raw = head[1]?.toLowerCase() === "r";
  const quote = head[2] ?? '"';
  const bodyStart = at + head[0].length;
  for (let i = bodyStart; i < source.length; i++) {
    const char = source[i];
    if (char === "\\") {
      i++;
      continue;
    }
    if (quote.length === 1 && char === "\n") break;
    if (source.startsWith(quote, i)) {
      const body = source.slice(bodyStart, i);
      return { value: raw ? body : unescape(body), end: i + quote.length };
    }
  }
  throw new PythonSourceError(`unterminated string literal at offset ${at}`);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\n": "" };

/** Python's escape sequences in a (non-raw) str literal; an unknown escape keeps its backslash. */
function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (whole, esc: string) => {
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined) return simple;
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/^[0-7]+$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    return whole;
  });
}

/** textwrap.dedent: whitespace-only lines become empty; the common leading whitespace is removed. */
export function pyDedent(text: string): string {
  const normalized = text.replace(/^[ \t]+$/gm, "");
  let margin: string | undefined;
  for (const match of normalized.matchAll(/^([ \t]*)[^ \t\n]/gm)) {
    const indent = match[1] ?? "";
    if (margin === undefined || indent.startsWith(margin)) margin ??= indent;
    else if (margin.startsWith(indent)) margin = indent;
    else {
      let common = 0;
      while (common < margin.length && margin[common] === indent[common]) common++;
      margin = margin.slice(0, common);
    }
  }
  if (margin === undefined || margin === "") return normalized;
  const prefix = margin;
  return normalized.split("\n").map((line) => (line.startsWith(prefix) ? line.slice(prefix.length) : line)).join("\n");
}

/** The string keyword argument `keyword=` inside `NAME = Call(...)` (e.g. docstring of BASH_COMMAND), or undefined. */
export function pythonCallKeyword(source: string, name: string, keyword: string, where: string): string | undefined {
  const start = new RegExp(`^${name}\\s*=\\s*\\w+\\(`, "m").exec(source);
  if (start === null) throw new PythonSourceError(`${where}: no ${name} = ...(...) found`);
  const rest = source.slice(start.index + start[0].length);
  const end = /^\)/m.exec(rest);
  const call = end === null ? rest : rest.slice(0, end.index);
  const match = new RegExp(`\\b${keyword}\\s*=\\s*`).exec(call);
  if (match === null) return undefined;
  return readLiterals(call, match.index + match[0].length, `${where}: ${name}(${keyword}=...)`);
}
