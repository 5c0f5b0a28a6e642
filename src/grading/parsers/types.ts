import { SeraBenchError } from "../../util/errors.ts";

/**
 * Shared vocabulary of the log parsers.
 *
 * The five statuses are the official harness's `TestStatus` values. Parsers copy the status token
 * verbatim from the log (e.g. `ERROR:` from a line `ERROR: foo`, or `bar` from `foo bar PASSED` in
 * the trailing-status form), exactly as the official parsers do, so a status map may hold other
 * strings; grading treats those like SKIPPED (neither passed nor failed).
 */
export const TEST_STATUSES = ["FAILED", "PASSED", "SKIPPED", "ERROR", "XFAIL"] as const;
export type TestStatus = (typeof TEST_STATUSES)[number];

/** A status as found in a log: one of the five, or whatever token stood in its place. */
export type RawStatus = TestStatus | (string & {});

/** Test name to status. Insertion order is first-seen order; a later line overwrites the value. */
export type StatusMap = ReadonlyMap<string, RawStatus>;

/** A parser turns (part of) a test_output.txt into a status map. Pure; may throw LogParserCrash. */
export type LogParser = (log: string) => StatusMap;

/** The two parser generations: v4.1.0 (official headline) and v5 (HEAD, strict verdict). */
export type ParserGeneration = "v4" | "v5";

/**
 * Thrown where the official Python parser raises (an `IndexError` on `line.split()[1]`). The
 * official harness then writes no report.json and the instance lands in `error_ids`.
 */
export class LogParserCrash extends SeraBenchError {
  override readonly name = "LogParserCrash";
  constructor(
    readonly parser: string,
    readonly line: string,
  ) {
    super(`${parser}: the official parser raises IndexError on the line ${JSON.stringify(line)}`);
  }
}
