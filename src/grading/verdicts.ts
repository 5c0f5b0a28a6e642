/**
 * The two verdicts for one instance: the official v4.1.0 one (with its report.json) and the
 * strict one (v5 grading plus our integrity flags).
 */
import { getLogParser } from "./parsers/registry.ts";
import { LogParserCrash, type StatusMap } from "./parsers/types.ts";
import type { IntegrityFlag } from "./integrity.ts";
import { getLogsEvalV4, getLogsEvalV5 } from "./logs-eval.ts";
import { buildInstanceReport } from "./report-json.ts";
import { resolutionStatus } from "./resolution.ts";
import { testsReportV4, testsReportV5, type ExpectedTests } from "./tests-report.ts";
import type { EvalType, InstanceReport, NotFoundReason, ResolutionStatus, TestsStatus } from "./types.ts";

export interface VerdictInput extends ExpectedTests {
  readonly instanceId: string;
  readonly log: string;
  readonly logParser: string;
  readonly evalType: EvalType;
  /** The prediction's model_patch was None (report.json then says patch_is_None). */
  readonly patchIsNone: boolean;
}

/**
 * v4.1.0. `error`: the official parser raises, the harness writes no report.json and counts the
 * instance in error_ids.
 */
export type OfficialOutcome =
  | {
      readonly outcome: "graded";
      readonly resolution: ResolutionStatus;
      readonly resolved: boolean;
      readonly report: InstanceReport;
      readonly statusMap: StatusMap;
    }
  | { readonly outcome: "error"; readonly resolved: false; readonly error: string };

interface StrictCommon {
  /** The official v5 verdict alone. */
  readonly harnessResolved: boolean;
  /** harnessResolved and no integrity flag. */
  readonly resolved: boolean;
  readonly flags: readonly IntegrityFlag[];
}

export type StrictOutcome = StrictCommon &
  (
    | {
        readonly outcome: "graded";
        readonly resolution: ResolutionStatus;
        readonly testsFound: boolean;
        readonly notFoundReason: NotFoundReason | null;
        readonly exitCode: number | null;
        readonly testsStatus: TestsStatus | null;
        readonly statusMap: StatusMap;
      }
    | { readonly outcome: "error"; readonly error: string }
  );

function crashMessage(error: unknown, input: VerdictInput): string {
  if (!(error instanceof LogParserCrash)) throw error;
  return `${input.instanceId}: ${error.message}`;
}

export function officialVerdict(input: VerdictInput): OfficialOutcome {
  const { instanceId } = input;
  if (input.patchIsNone) {
    const report = buildInstanceReport({ instanceId, stage: "patch_is_none" });
    return { outcome: "graded", resolution: "RESOLVED_NO", resolved: false, report, statusMap: new Map() };
  }
  try {
    const logs = getLogsEvalV4(input.log, getLogParser(input.logParser, "v4"));
    if (!logs.found) {
      const report = buildInstanceReport({ instanceId, stage: "tests_not_found" });
      return { outcome: "graded", resolution: "RESOLVED_NO", resolved: false, report, statusMap: logs.statusMap };
    }
    const tests = testsReportV4(logs.statusMap, input, input.evalType);
    const resolution = resolutionStatus(tests);
    const resolved = resolution === "RESOLVED_FULL";
    const report = buildInstanceReport({ instanceId, stage: "graded", resolved, tests });
    return { outcome: "graded", resolution, resolved, report, statusMap: logs.statusMap };
  } catch (error) {
    return { outcome: "error", resolved: false, error: crashMessage(error, input) };
  }
}

export function strictVerdict(input: VerdictInput, flags: readonly IntegrityFlag[]): StrictOutcome {
  const unresolved = { harnessResolved: false, resolved: false, flags } as const;
  const empty = { testsStatus: null, statusMap: new Map(), resolution: "RESOLVED_NO" } as const;
  if (input.patchIsNone) {
    return { ...unresolved, ...empty, outcome: "graded", testsFound: false, notFoundReason: null, exitCode: null };
  }
  try {
    const logs = getLogsEvalV5(input.log, getLogParser(input.logParser, "v5"));
    const base = { outcome: "graded", exitCode: logs.exitCode } as const;
    if (!logs.found) return { ...unresolved, ...empty, ...base, testsFound: false, notFoundReason: logs.reason };
    const testsStatus = testsReportV5(logs.statusMap, input, input.evalType);
    const resolution = resolutionStatus(testsStatus);
    const harnessResolved = resolution === "RESOLVED_FULL";
    const verdict = { harnessResolved, resolved: harnessResolved && flags.length === 0, flags };
    return { ...verdict, ...base, resolution, testsFound: true, notFoundReason: null, testsStatus, statusMap: logs.statusMap };
  } catch (error) {
    return { ...unresolved, outcome: "error", error: crashMessage(error, input) };
  }
}
