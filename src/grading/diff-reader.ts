import { SeraBenchError } from "../util/errors.ts";
import { integrityView, type FileDiff } from "./diff-integrity-view.ts";
import { DEV_NULL, unidiffView, type PatchFile } from "./diff-unidiff-view.ts";
/**
 * The one unified-diff reader: one walk over the patch hands the lines outside hunks to two views
 * and consumes each hunk body by its header's line counts (so a content line `--- x` is no header).
 * The integrity view (`parseDiff`) unquotes names, strips `a/`/`b/` and keeps added lines; the
 * unidiff view (`parsePatchFiles`) is Python `unidiff` 0.7.x, as the official harness reads test
 * patches. Where they differ on one input, each keeps what its own reader gave before the merge:
 * - A malformed hunk (a line without a ` `/`-`/`+`/`\` mark, too long, cut short by the end of the
 *   patch), a hunk before any file header, a `+++ ` naming another target: unidiff fails; the
 *   integrity view reads on (an unknown mark counts as context, a short hunk ends with the patch).
 * - A `--- ` in a file's header naming another file: unidiff closes the file and the `+++ ` opens a
 *   new entry; the integrity view only sets the old path.
 * - Names: unidiff keeps `"a/t\303\251st.py"` as written and splits `diff --git` at its last ` b/`;
 *   the integrity view unquotes, trims, splits a spaced header into equal halves and reads
 *   `rename from`/`rename to`. Only unidiff lists `Binary files ... differ` outside git headers.
 * - A hunk after a lone `+++ ` (no `diff --git` or `--- ` yet) is a body for unidiff only; the
 *   integrity view reads its lines as headers, as git and patch look there for a `--- `. So a hunk
 *   notes whether the integrity view opened it (one it alone opened comes after unidiff failed).
 */
export { headerPath, type FileDiff } from "./diff-integrity-view.ts";
export { DEV_NULL, type FileChange, type PatchFile } from "./diff-unidiff-view.ts";

export class PatchParseError extends SeraBenchError {
  override readonly name = "PatchParseError";
}

/** Body lines still expected; `header` is the line number of the `@@` line. */
type Hunk = { oldLeft: number; newLeft: number; readonly header: number; readonly forIntegrity: boolean; readonly body?: string[] };

/** One file of the unidiff view with its hunks' body lines as written (mark first: ` `, `-`, `+`, `\`). */
export interface PatchFileHunks {
  readonly file: PatchFile;
  readonly hunks: readonly (readonly string[])[];
}

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/** Counts one body line down; returns what is wrong with it for unidiff, if anything. */
function countLine(hunk: Hunk, line: string, lineNumber: number): string | undefined {
  const mark = line[0] ?? " ";
  if (mark === "\\") return undefined;
  if (mark !== "+") hunk.oldLeft -= 1;
  if (mark !== "-") hunk.newLeft -= 1;
  if (!" -+".includes(mark)) return `patch line ${lineNumber}: hunk line expected, got ${JSON.stringify(line)}`;
  return hunk.oldLeft < 0 || hunk.newLeft < 0 ? `hunk at patch line ${hunk.header} is longer than its header says` : undefined;
}

export function readDiff(patch: string): { files: FileDiff[]; patchFiles: PatchFile[] | PatchParseError; hunks: PatchFileHunks[] | PatchParseError } {
  const lines = patch.split("\n");
  if (lines.at(-1) === "") lines.pop();
  let error: PatchParseError | undefined;
  const fail = (message: string) => void (error ??= new PatchParseError(message));
  const integrity = integrityView();
  const unidiff = unidiffView(fail);
  let hunk: Hunk | undefined;
  /** Hunk bodies of the unidiff view, by the index of their file in it. */
  const bodies: { file: number; lines: string[] }[] = [];
  const openHunk = () => (hunk !== undefined && (hunk.oldLeft > 0 || hunk.newLeft > 0) ? hunk : undefined);
  lines.forEach((line, index) => {
    const open = openHunk();
    const wrong = open && countLine(open, line, index + 1);
    if (wrong) fail(wrong);
    open?.body?.push(line);
    const counts = HUNK_HEADER.exec(line);
    const forIntegrity = integrity.read(line, open?.forIntegrity === true, counts !== null);
    const forUnidiff = open === undefined && unidiff.read(line, index + 1, counts !== null);
    if (counts && (forIntegrity || forUnidiff)) {
      const body = forUnidiff ? { file: unidiff.files().length - 1, lines: [] } : undefined;
      if (body) bodies.push(body);
      hunk = { oldLeft: Number(counts[1] ?? "1"), newLeft: Number(counts[2] ?? "1"), header: index + 1, forIntegrity, ...(body ? { body: body.lines } : {}) };
    }
  });
  const unfinished = openHunk();
  if (unfinished) fail(`hunk at patch line ${unfinished.header} is shorter than its header says`);
  const patchFiles = error ?? unidiff.files();
  const hunks = patchFiles instanceof PatchParseError ? patchFiles : patchFiles.map((file, i) => ({ file, hunks: bodies.filter((b) => b.file === i).map((b) => b.lines) }));
  return { files: integrity.files, patchFiles, hunks };
}

/** The integrity view; never throws. */
export const parseDiff = (patch: string): FileDiff[] => readDiff(patch).files;

/** The unidiff view (`PatchSet(patch)`); throws PatchParseError where unidiff raises. */
export function parsePatchFiles(patch: string): PatchFile[] {
  const { patchFiles } = readDiff(patch);
  if (patchFiles instanceof PatchParseError) throw patchFiles;
  return patchFiles;
}

/** The unidiff view with each file's hunks (`PatchSet(patch)` and its hunks); throws PatchParseError where unidiff raises. */
export function parsePatchHunks(patch: string): PatchFileHunks[] {
  const { hunks } = readDiff(patch);
  if (hunks instanceof PatchParseError) throw hunks;
  return hunks;
}

/** Every path a file diff touches (before and after), without nulls. */
export function touchedPaths(files: readonly FileDiff[]): Set<string> {
  return new Set(files.flatMap((file) => [file.oldPath, file.newPath]).filter((path) => path !== null));
}

const paths = (files: PatchFile[], side: "source" | "target", prefix: string) =>
  files.map((file) => file[side]).filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length));

/**
 * v4.1.0 `get_modified_files`: sources that are not /dev/null (modified, deleted, the old name of a
 * rename), `a/` stripped; names without the `a/` prefix are dropped, as upstream does.
 */
export const getModifiedFiles = (patch: string): string[] =>
  paths(parsePatchFiles(patch).filter((file) => file.source !== DEV_NULL), "source", "a/");

/** Files the patch creates (source /dev/null), `b/` stripped. */
export const getCreatedFiles = (patch: string): string[] =>
  paths(parsePatchFiles(patch).filter((file) => file.change === "created"), "target", "b/");

/** Files the patch deletes (target /dev/null), `a/` stripped. */
export const getDeletedFiles = (patch: string): string[] =>
  paths(parsePatchFiles(patch).filter((file) => file.change === "deleted"), "source", "a/");
