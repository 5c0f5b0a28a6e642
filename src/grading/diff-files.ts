/**
 * A small unified-diff reader for the integrity checks: which paths a patch touches and which
 * lines it adds. Hunk line counts are honoured, so an added line that itself starts with
 * `++ ` or `-- ` is never mistaken for a file header.
 */
export interface FileDiff {
  /** Path before the change (`a/` stripped), null for a created file. */
  oldPath: string | null;
  /** Path after the change (`b/` stripped), null for a deleted file. */
  newPath: string | null;
  /** Content of the `+` lines, without the `+`. */
  readonly addedLines: string[];
}

interface Hunk {
  oldLeft: number;
  newLeft: number;
}

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const C_ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", '"': '"', "\\": "\\" };

/** A header path: unquoted, timestamp dropped, `a/`/`b/` stripped, `/dev/null` as null. */
export function headerPath(raw: string): string | null {
  let path = raw.startsWith('"') ? unquote(raw) : (raw.split("\t")[0] ?? "");
  path = path.trimEnd();
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

function startHunk(line: string): Hunk | undefined {
  const match = HUNK_HEADER.exec(line);
  if (match === null) return undefined;
  return { oldLeft: Number(match[1] ?? "1"), newLeft: Number(match[2] ?? "1") };
}

function consumeHunkLine(line: string, hunk: Hunk, file: FileDiff): void {
  const mark = line[0];
  if (mark === "\\") return;
  if (mark !== "+") hunk.oldLeft -= 1;
  if (mark !== "-") hunk.newLeft -= 1;
  if (mark === "+") file.addedLines.push(line.slice(1));
}

function readHeaderLine(line: string, file: FileDiff): void {
  if (line.startsWith("--- ")) file.oldPath = headerPath(line.slice(4));
  else if (line.startsWith("+++ ")) file.newPath = headerPath(line.slice(4));
  else if (line.startsWith("rename from ")) file.oldPath = line.slice(12);
  else if (line.startsWith("rename to ")) file.newPath = line.slice(10);
  else if (line.startsWith("new file mode")) file.oldPath = null;
  else if (line.startsWith("deleted file mode")) file.newPath = null;
}

export function parseDiff(patch: string): FileDiff[] {
  const files: FileDiff[] = [];
  let file: FileDiff | undefined;
  let hunk: Hunk | undefined;
  let sawHunk = false;
  for (const line of patch.split("\n")) {
    if (hunk !== undefined && (hunk.oldLeft > 0 || hunk.newLeft > 0) && file !== undefined) {
      consumeHunkLine(line, hunk, file);
      continue;
    }
    hunk = undefined;
    const plainStart = line.startsWith("--- ") && (file === undefined || sawHunk);
    if (line.startsWith("diff --git ") || plainStart) {
      const [oldPath, newPath] = plainStart ? [null, null] : gitHeaderPaths(line.slice(11));
      file = { oldPath, newPath, addedLines: [] };
      files.push(file);
      sawHunk = false;
    }
    if (file === undefined) continue;
    hunk = startHunk(line);
    if (hunk !== undefined) sawHunk = true;
    else if (!sawHunk) readHeaderLine(line, file);
  }
  return files;
}

/** Every path a file diff touches (before and after), without nulls. */
export function touchedPaths(files: readonly FileDiff[]): Set<string> {
  return new Set(files.flatMap((file) => [file.oldPath, file.newPath]).filter((path) => path !== null));
}
