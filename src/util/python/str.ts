/**
 * Python `str` semantics the tools depend on. Python counts code points, JavaScript UTF-16 units:
 * lengths and slices that the model's messages depend on (16000, 100000) go through these.
 */

/** Characters Python's str.strip() removes (str.isspace()). */
const PY_WHITESPACE = /^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/gu;

export function pyStrip(text: string): string {
  return text.replace(PY_WHITESPACE, "");
}

/** str.splitlines(): \n \r \r\n \v \f \x1c \x1d \x1e \x85 \u2028 \u2029; no final empty element. */
export function pySplitlines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/u);
  if (/(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])$/u.test(text)) lines.pop();
  return lines;
}

/**
 * What Python's text-mode read (`open(path).read()`, universal newlines) makes of a file's text:
 * `\r\n` and a lone `\r` become `\n`; nothing else changes.
 */
export function pyUniversalNewlines(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

/** str.expandtabs(8): the column restarts after \n and \r. */
export function pyExpandtabs(text: string, tabSize = 8): string {
  if (!text.includes("\t")) return text;
  let out = "";
  let column = 0;
  for (const char of text) {
    if (char === "\t") {
      const spaces = tabSize - (column % tabSize);
      out += " ".repeat(spaces);
      column += spaces;
    } else {
      out += char;
      column = char === "\n" || char === "\r" ? 0 : column + 1;
    }
  }
  return out;
}

/** len(text) in code points. */
export function pyLen(text: string): number {
  let surrogatePairs = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        surrogatePairs++;
        i++;
      }
    }
  }
  return text.length - surrogatePairs;
}

/** text[:n] in code points. */
export function pyHead(text: string, n: number): string {
  if (pyLen(text) === text.length) return text.slice(0, n);
  let units = 0;
  let points = 0;
  while (points < n && units < text.length) {
    const unit = text.charCodeAt(units);
    units += unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(units + 1)) ? 2 : 1;
    points++;
  }
  return text.slice(0, units);
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** `"{:6}".format(n)` for an int: right-aligned in six columns. */
export function pyPad6(n: number): string {
  return String(n).padStart(6, " ");
}

/** str(pathlib.PurePosixPath(p)): collapse // and /./, drop a trailing slash; keep a leading "//". */
export function pyPathStr(path: string): string {
  if (path === "") return ".";
  const root = path.startsWith("//") && !path.startsWith("///") ? "//" : path.startsWith("/") ? "/" : "";
  const parts = path.split("/").filter((part) => part !== "" && part !== ".");
  const joined = root + parts.join("/");
  return joined === "" ? "." : joined;
}

/** str(PurePosixPath(p).parent). */
export function pyPathParent(path: string): string {
  const normal = pyPathStr(path);
  const root = normal.startsWith("//") ? "//" : normal.startsWith("/") ? "/" : "";
  const parts = normal.slice(root.length).split("/").filter((part) => part !== "" && part !== ".");
  if (parts.length <= 1) return root === "" ? "." : root;
  return root + parts.slice(0, -1).join("/");
}

/** PurePosixPath(p).suffix. */
export function pyPathSuffix(path: string): string {
  const name = pyPathStr(path).split("/").at(-1) ?? "";
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot) : "";
}
