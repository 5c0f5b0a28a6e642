import { SeraBenchError } from "../../util/errors.ts";
/**
 * Which files a unified diff touches, with the semantics of the Python `unidiff` package (0.7.x)
 * that the official harness uses (`PatchSet(patch)`, then `source_file` / `target_file`). Pure.
 *
 * - A `diff --git` header opens a file with the header's names (prefix kept: `a/x`, `b/x`);
 *   `new file mode` makes the source /dev/null, `deleted file mode` the target.
 * - A `--- ` line naming the current source keeps the file; any other name closes it, and the
 *   following `+++ ` line opens a new one. So a path with spaces, which the greedy header regex
 *   splits at its last " b/", yields two entries, as upstream.
 * - Hunk bodies are consumed by their line counts, so a removed line `-- x` (shown `--- x`) is not a
 *   header. A malformed hunk throws PatchParseError, where unidiff raises UnidiffParseError.
 * - Names are not unquoted: git's C-quoted `"a/t\303\251st.py"` stays as written, so it does not
 *   start with `a/` and get_modified_files drops it, as upstream does.
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

export class PatchParseError extends SeraBenchError {
  override readonly name = "PatchParseError";
}

interface Entry {
  source: string;
  target: string;
}

interface ParseState {
  readonly files: Entry[];
  current: Entry | undefined;
  /** unidiff's `patch_info is not None`: between a file header and its first hunk. */
  inPreamble: boolean;
  pendingSource: string | undefined;
}

const GIT_HEADERS = [
  /^diff --git (a\/[^\t\n]+) (b\/[^\t\n]+)/,
  /^diff --git ([^\n]*:\/\/[^\t\n]+) ([^\n]*:\/\/[^\t\n]+)/,
  /^diff --git ([^\t\n]+) ([^\t\n]+)/,
];
const SOURCE_LINE = /^--- ([^\t\n]+)/;
const TARGET_LINE = /^\+\+\+ ([^\t\n]+)/;
const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const BINARY_LINE = /^Binary files? ([^\t]+?)(?:\t[\s0-9:+-]+)?(?: and ([^\t]+?)(?:\t[\s0-9:+-]+)?)? (differ|has changed)/;

function gitHeader(line: string): Entry | undefined {
  for (const pattern of GIT_HEADERS) {
    const match = pattern.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) return { source: match[1], target: match[2] };
  }
  return undefined;
}

/** Consume a hunk body starting at `start`; returns the index of the last line consumed. */
function consumeHunk(lines: readonly string[], start: number, header: RegExpExecArray): number {
  let source = Number(header[1] ?? "1");
  let target = Number(header[2] ?? "1");
  let index = start;
  while (source > 0 || target > 0) {
    index += 1;
    const line = lines[index];
    if (line === undefined) throw new PatchParseError(`hunk at patch line ${start + 1} is shorter than its header says`);
    const kind = line === "" ? " " : line[0];
    if (kind === " " || kind === "-") source -= 1;
    if (kind === " " || kind === "+") target -= 1;
    if (kind !== " " && kind !== "-" && kind !== "+" && kind !== "\\") {
      throw new PatchParseError(`patch line ${index + 1}: hunk line expected, got ${JSON.stringify(line)}`);
    }
    if (source < 0 || target < 0) throw new PatchParseError(`hunk at patch line ${start + 1} is longer than its header says`);
  }
  return index;
}

function onSourceLine(state: ParseState, name: string): void {
  if (state.current && state.current.source === name) return;
  state.current = undefined;
  state.pendingSource = name;
}

function onTargetLine(state: ParseState, name: string, lineNumber: number): void {
  if (state.current) {
    if (state.current.target === name) return;
    throw new PatchParseError(`patch line ${lineNumber}: target ${name} does not match ${state.current.target}`);
  }
  state.current = { source: state.pendingSource ?? DEV_NULL, target: name };
  state.files.push(state.current);
  state.inPreamble = false;
}

function onOtherLine(state: ParseState, line: string): void {
  if ((line === "" && state.current) || line.startsWith("\\ No newline at end of file")) return;
  if (!state.inPreamble) {
    state.current = undefined;
    state.inPreamble = true;
  }
  const binary = BINARY_LINE.exec(line);
  if (!binary) return;
  if (!state.current) state.files.push({ source: binary[1] ?? DEV_NULL, target: binary[2] ?? DEV_NULL });
  state.current = undefined;
  state.inPreamble = false;
}

/** One header-level line; returns the index of the last line it consumed. */
function step(state: ParseState, lines: readonly string[], index: number): number {
  const line = lines[index] ?? "";
  const header = gitHeader(line);
  const source = SOURCE_LINE.exec(line);
  const target = TARGET_LINE.exec(line);
  const hunk = HUNK_HEADER.exec(line);
  if (header) {
    state.current = header;
    state.files.push(header);
    state.inPreamble = true;
  } else if (/^new file mode \d+$/.test(line) && state.current) state.current.source = DEV_NULL;
  else if (/^deleted file mode \d+$/.test(line) && state.current) state.current.target = DEV_NULL;
  else if (source?.[1] !== undefined) onSourceLine(state, source[1]);
  else if (target?.[1] !== undefined) onTargetLine(state, target[1], index + 1);
  else if (hunk) {
    if (!state.current) throw new PatchParseError(`patch line ${index + 1}: hunk without a file header`);
    state.inPreamble = false;
    return consumeHunk(lines, index, hunk);
  } else onOtherLine(state, line);
  return index;
}

function classify(entry: Entry): PatchFile {
  const { source, target } = entry;
  const bare = (path: string) => path.replace(/^"?[ab]\//, "");
  let change: FileChange = "modified";
  if (source === DEV_NULL) change = "created";
  else if (target === DEV_NULL) change = "deleted";
  else if (bare(source) !== bare(target)) change = "renamed";
  return { source, target, change };
}

export function parsePatchFiles(patch: string): PatchFile[] {
  const lines = patch.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const state: ParseState = { files: [], current: undefined, inPreamble: false, pendingSource: undefined };
  for (let index = 0; index < lines.length; index += 1) index = step(state, lines, index);
  return state.files.map(classify);
}

const stripPrefix = (prefix: string, paths: string[]) =>
  paths.filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length));

/**
 * v4.1.0 `get_modified_files`: sources that are not /dev/null (modified, deleted, the old name of a
 * rename), `a/` stripped; names without the `a/` prefix are dropped, as upstream does.
 */
export function getModifiedFiles(patch: string): string[] {
  const sources = parsePatchFiles(patch).map((file) => file.source).filter((source) => source !== DEV_NULL);
  return stripPrefix("a/", sources);
}

/** Files the patch creates (source /dev/null), `b/` stripped. */
export function getCreatedFiles(patch: string): string[] {
  const created = parsePatchFiles(patch).filter((file) => file.change === "created");
  return stripPrefix("b/", created.map((file) => file.target));
}

/** Files the patch deletes (target /dev/null), `a/` stripped. */
export function getDeletedFiles(patch: string): string[] {
  const deleted = parsePatchFiles(patch).filter((file) => file.change === "deleted");
  return stripPrefix("a/", deleted.map((file) => file.source));
}
