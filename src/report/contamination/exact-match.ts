/**
 * Does a prediction contain the gold patch verbatim? The leaderboard's rule (SWE-bench maintainers,
 * "Detecting cheating in submissions", swe-bench.github.io, 2025-11-19), pure:
 * 1. comments are removed: an added line whose text, stripped, starts with `#` is dropped (removed
 *    and context lines are kept as they are; `\ No newline` lines are dropped);
 * 2. files are keyed by their target name; files of the prediction that the gold patch does not
 *    edit are ignored, and a gold file missing from the prediction is no match;
 * 3. each gold hunk, parsed and normalised, must equal one hunk of the same file of the prediction.
 * An empty prediction is no match; one that cannot be parsed is no match, reported as unparseable.
 */
import { parsePatchHunks, PatchParseError, type PatchFileHunks } from "../../grading/diff-reader.ts";

export type ExactMatch = "match" | "no-match" | "unparseable";

/** A hunk's lines without comments: `+` lines whose text starts with `#` (after whitespace) and `\` lines dropped. */
export function normalizeHunk(lines: readonly string[]): string[] {
  return lines
    .map((line) => (line === "" ? " " : line))
    .filter((line) => " -+".includes(line[0] ?? "") && !(line[0] === "+" && line.slice(1).trim().startsWith("#")));
}

type NormalizedFiles = Map<string, string[][]>;

function normalizeFiles(files: readonly PatchFileHunks[]): NormalizedFiles {
  const byTarget: NormalizedFiles = new Map();
  for (const { file, hunks } of files) byTarget.set(file.target, hunks.map(normalizeHunk));
  return byTarget;
}

const sameHunk = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((line, i) => line === b[i]);

/** Whether `prediction` contains every hunk of `gold` (the gold patch must parse: it comes from the dataset). */
export function exactMatch(gold: string, prediction: string | undefined): ExactMatch {
  if (prediction === undefined || prediction.trim() === "") return "no-match";
  const goldFiles = normalizeFiles(parsePatchHunks(gold));
  let predicted: NormalizedFiles;
  try {
    predicted = normalizeFiles(parsePatchHunks(prediction));
  } catch (error) {
    if (error instanceof PatchParseError) return "unparseable";
    throw error;
  }
  for (const [target, hunks] of goldFiles) {
    const theirs = predicted.get(target);
    if (theirs === undefined) return "no-match";
    if (!hunks.every((hunk) => theirs.some((candidate) => sameHunk(hunk, candidate)))) return "no-match";
  }
  return "match";
}
