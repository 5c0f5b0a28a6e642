/**
 * get_logs_eval: from a whole test_output.txt to (status map, found).
 * v4.1.0: failure markers or missing start/end markers -> not found; parse the marked section,
 * and if that yields nothing, the whole log (Modal concatenates stdout and stderr).
 * v5 adds: nothing parsed and no sign a runner ran -> not found; a recorded non-zero test exit
 * code while the map holds no FAILED/ERROR -> not found (anti-forging, #620).
 */
import type { LogParser, StatusMap } from "./parsers/types.ts";
import { END_TEST_OUTPUT, FAILURE_MARKERS, START_TEST_OUTPUT, testSection } from "./markers.ts";
import { parseTestExitCode, suiteRan } from "./run-evidence.ts";
import type { NotFoundReason } from "./types.ts";

export type LogsEval =
  | { readonly found: true; readonly statusMap: StatusMap }
  | { readonly found: false; readonly statusMap: StatusMap; readonly reason: NotFoundReason };

export type LogsEvalV5 = LogsEval & { readonly exitCode: number | null };

const EMPTY: StatusMap = new Map();

function notFound(reason: NotFoundReason): LogsEval {
  return { found: false, statusMap: EMPTY, reason };
}

function precheck(log: string): NotFoundReason | undefined {
  if (FAILURE_MARKERS.some((marker) => log.includes(marker))) return "failure_marker";
  if (!log.includes(START_TEST_OUTPUT) || !log.includes(END_TEST_OUTPUT)) return "markers_missing";
  return undefined;
}

function parseWithFallback(log: string, parser: LogParser): StatusMap {
  const statusMap = parser(testSection(log));
  return statusMap.size > 0 ? statusMap : parser(log);
}

/** v4.1.0 semantics. May throw LogParserCrash, as the official parser would. */
export function getLogsEvalV4(log: string, parser: LogParser): LogsEval {
  const problem = precheck(log);
  if (problem !== undefined) return notFound(problem);
  return { found: true, statusMap: parseWithFallback(log, parser) };
}

function reportsAFailure(statusMap: StatusMap): boolean {
  return [...statusMap.values()].some((status) => status === "FAILED" || status === "ERROR");
}

/** v5 (HEAD) semantics. May throw LogParserCrash. */
export function getLogsEvalV5(log: string, parser: LogParser): LogsEvalV5 {
  const exitCode = parseTestExitCode(log);
  const problem = precheck(log);
  if (problem !== undefined) return { ...notFound(problem), exitCode };
  const statusMap = parseWithFallback(log, parser);
  if (statusMap.size === 0 && !suiteRan(log)) return { ...notFound("suite_not_run"), exitCode };
  if (exitCode !== null && exitCode !== 0 && statusMap.size > 0 && !reportsAFailure(statusMap)) {
    return { ...notFound("exit_code_mismatch"), exitCode };
  }
  return { found: true, statusMap, exitCode };
}
