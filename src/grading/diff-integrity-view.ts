/** The integrity view of the diff reader (diff-reader.ts): which paths a patch touches, which lines it adds. */
export interface FileDiff {
  /** Path before the change (`a/` stripped), null for a created file. */
  oldPath: string | null;
  /** Path after the change (`b/` stripped), null for a deleted file. */
  newPath: string | null;
  /** Content of the `+` lines, without the `+`. */
  readonly addedLines: string[];
}

const C_ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", '"': '"', "\\": "\\" };

/** A header path: unquoted, timestamp dropped, `a/`/`b/` stripped, `/dev/null` as null. */
export function headerPath(raw: string): string | null {
  const path = (raw.startsWith('"') ? unquote(raw) : (raw.split("\t")[0] ?? "")).trimEnd();
  if (path === "/dev/null") return null;
  return /^[ab]\//.test(path) ? path.slice(2) : path;
}

function unquote(raw: string): string {
  const end = raw.lastIndexOf('"');
  const body = raw.slice(1, end > 0 ? end : undefined);
  const bytes = body.replace(/\\([0-7]{3}|.)/g, (_, code: string) =>
    code.length === 3 ? String.fromCharCode(parseInt(code, 8)) : (C_ESCAPES[code] ?? code),
  );
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** `diff --git a/x b/y` when no ---/+++ lines follow (renames, mode changes, binaries). */
function gitHeaderPaths(rest: string): [string | null, string | null] {
  const quotedSplit = rest.startsWith('"') ? rest.indexOf('" "') : -1;
  if (quotedSplit > 0) return [headerPath(rest.slice(0, quotedSplit + 1)), headerPath(rest.slice(quotedSplit + 2))];
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.slice(2, half) === rest.slice(half + 3)) {
    const path = headerPath(rest.slice(0, half));
    return [path, path];
  }
  const at = rest.lastIndexOf(" b/");
  return at === -1 ? [headerPath(rest), headerPath(rest)] : [headerPath(rest.slice(0, at)), headerPath(rest.slice(at + 1))];
}

function readHeaderLine(line: string, file: FileDiff): void {
  if (line.startsWith("--- ")) file.oldPath = headerPath(line.slice(4));
  else if (line.startsWith("+++ ")) file.newPath = headerPath(line.slice(4));
  else if (line.startsWith("rename from ")) file.oldPath = line.slice(12);
  else if (line.startsWith("rename to ")) file.newPath = line.slice(10);
  else if (line.startsWith("new file mode")) file.oldPath = null;
  else if (line.startsWith("deleted file mode")) file.newPath = null;
}

/**
 * A file opens at `diff --git`, or at a `--- ` before any file or after a hunk (plain `diff -u`);
 * header lines count until its first hunk. `read` returns true when an `@@` line opens a hunk.
 */
export function integrityView() {
  const files: FileDiff[] = [];
  let file: FileDiff | undefined;
  let sawHunk = false;
  function read(line: string, inHunk: boolean, hunkHeader: boolean): boolean {
    if (inHunk) {
      if (line.startsWith("+")) file?.addedLines.push(line.slice(1));
      return false;
    }
    const plainStart = line.startsWith("--- ") && (file === undefined || sawHunk);
    if (line.startsWith("diff --git ") || plainStart) {
      const [oldPath, newPath] = plainStart ? [null, null] : gitHeaderPaths(line.slice(11));
      file = { oldPath, newPath, addedLines: [] };
      files.push(file);
      sawHunk = false;
    }
    if (file === undefined) return false;
    if (hunkHeader) return (sawHunk = true);
    if (!sawHunk) readHeaderLine(line, file);
    return false;
  }
  return { read, files };
}
