/**
 * The unidiff view of diff-reader.ts: a patch's files as Python `unidiff` 0.7.x reads them
 * (`PatchSet(patch)`, `source_file`/`target_file`). A `diff --git` header opens a file with its names
 * as written (`a/x`, `b/x`, C-quoted names kept quoted); `new file mode` / `deleted file mode` make
 * the source / target /dev/null. A `--- ` naming the current source keeps the file, another name
 * closes it and the next `+++ ` opens one: so a spaced path, which the greedy header regex splits
 * at its last " b/", gives two entries, as upstream.
 */
export const DEV_NULL = "/dev/null";

export type FileChange = "modified" | "created" | "deleted" | "renamed";

export interface PatchFile {
  /** As written in the patch, prefix kept (`a/x.py`), or /dev/null. */
  readonly source: string;
  /** As written in the patch, prefix kept (`b/x.py`), or /dev/null. */
  readonly target: string;
  readonly change: FileChange;
}

type Entry = { source: string; target: string };

const GIT_HEADERS = [
  /^diff --git (a\/[^\t\n]+) (b\/[^\t\n]+)/,
  /^diff --git ([^\n]*:\/\/[^\t\n]+) ([^\n]*:\/\/[^\t\n]+)/,
  /^diff --git ([^\t\n]+) ([^\t\n]+)/,
];
const SOURCE_LINE = /^--- ([^\t\n]+)/;
const TARGET_LINE = /^\+\+\+ ([^\t\n]+)/;
const BINARY_LINE = /^Binary files? ([^\t]+?)(?:\t[\s0-9:+-]+)?(?: and ([^\t]+?)(?:\t[\s0-9:+-]+)?)? (differ|has changed)/;

function gitHeader(line: string): Entry | undefined {
  const match = GIT_HEADERS.map((pattern) => pattern.exec(line)).find((found) => found !== null);
  return match?.[1] === undefined || match[2] === undefined ? undefined : { source: match[1], target: match[2] };
}

const bare = (path: string) => path.replace(/^"?[ab]\//, "");

function classify({ source, target }: Entry): PatchFile {
  if (source === DEV_NULL) return { source, target, change: "created" };
  if (target === DEV_NULL) return { source, target, change: "deleted" };
  return { source, target, change: bare(source) === bare(target) ? "modified" : "renamed" };
}

/**
 * Reads the lines outside hunks; `read` returns true when an `@@` line opens a hunk of the current
 * file. `fail` records where unidiff raises: the reader keeps the first and reports only that.
 */
export function unidiffView(fail: (message: string) => void) {
  const files: Entry[] = [];
  let current: Entry | undefined;
  /** unidiff's `patch_info is not None`: between a file header and its first hunk. */
  let inPreamble = false;
  let pendingSource: string | undefined;

  function readTarget(target: string, lineNumber: number): void {
    if (current && current.target !== target) fail(`patch line ${lineNumber}: target ${target} does not match ${current.target}`);
    if (current) return;
    [current, inPreamble] = [{ source: pendingSource ?? DEV_NULL, target }, false];
    files.push(current);
  }

  function readOther(line: string): void {
    if ((line === "" && current) || line.startsWith("\\ No newline at end of file")) return;
    if (!inPreamble) [current, inPreamble] = [undefined, true];
    const binary = BINARY_LINE.exec(line);
    if (!binary) return;
    if (!current) files.push({ source: binary[1] ?? DEV_NULL, target: binary[2] ?? DEV_NULL });
    [current, inPreamble] = [undefined, false];
  }

  function read(line: string, lineNumber: number, hunkHeader: boolean): boolean {
    const header = gitHeader(line);
    const source = SOURCE_LINE.exec(line)?.[1];
    const target = TARGET_LINE.exec(line)?.[1];
    if (header) {
      [current, inPreamble] = [header, true];
      files.push(header);
    } else if (/^new file mode \d+$/.test(line) && current) current.source = DEV_NULL;
    else if (/^deleted file mode \d+$/.test(line) && current) current.target = DEV_NULL;
    else if (source !== undefined) {
      if (current?.source !== source) [current, pendingSource] = [undefined, source];
    } else if (target !== undefined) readTarget(target, lineNumber);
    else if (hunkHeader) {
      if (!current) fail(`patch line ${lineNumber}: hunk without a file header`);
      inPreamble = false;
      return current !== undefined;
    } else readOther(line);
    return false;
  }

  return { read, files: () => files.map(classify) };
}
