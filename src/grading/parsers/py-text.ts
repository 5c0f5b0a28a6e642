/**
 * Python `str` semantics the official parsers rely on, spelled out for JavaScript.
 * Python's whitespace (`str.split()`, `str.strip()`, regex `\s`) is not JavaScript's `\s`: it
 * includes \x1c-\x1f and \x85 and excludes \ufeff. Python's `.` excludes only `\n`, and its
 * MULTILINE `^`/`$` look at `\n` only, where JavaScript also breaks on `\r`, \u2028, \u2029.
 */
import { TEST_STATUSES, type TestStatus } from "./types.ts";

/** Character-class body (no brackets) of Python's Unicode whitespace. */
export const PY_WS = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
/** Python `.` (without DOTALL). */
export const PY_DOT = "[^\\n]";
/** Python `^` under re.MULTILINE. */
export const PY_BOL = "(?<![^\\n])";
/** Python `$` under re.MULTILINE. */
export const PY_EOL = "(?![^\\n])";

const WS_RUN = new RegExp(`[${PY_WS}]+`, "u");
const WS_EDGES = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, "gu");

/** Python `s.split()`: split on runs of whitespace, no empty tokens. */
export function pySplit(text: string): string[] {
  return text.split(WS_RUN).filter((token) => token !== "");
}

/** Python `s.strip()`. */
export function pyStrip(text: string): string {
  return text.replace(WS_EDGES, "");
}

/** Python `s.split(sep)[0]`: the text before the first `sep` (all of it when absent). */
export function beforeFirst(text: string, sep: string): string {
  const at = text.indexOf(sep);
  return at === -1 ? text : text.slice(0, at);
}

/** Python `s.rsplit(sep, 1)[0]`: the text before the last `sep` (all of it when absent). */
export function beforeLast(text: string, sep: string): string {
  const at = text.lastIndexOf(sep);
  return at === -1 ? text : text.slice(0, at);
}

/** The first official status word the line starts with, if any. */
export function leadingStatus(line: string): TestStatus | undefined {
  return TEST_STATUSES.find((status) => line.startsWith(status));
}

/** True when the line ends with one of the official status words. */
export function endsWithStatus(line: string): boolean {
  return TEST_STATUSES.some((status) => line.endsWith(status));
}
