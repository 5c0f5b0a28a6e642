/**
 * Adapter from gradeInstance to the run loop's GradeFn (src/evaluation/evaluate-instance.ts calls it): the
 * official verdict, the strict verdict and the report.json object. A v4 parser crash has no
 * report.json upstream (the instance is an error there): the output is then `ok: false`.
 */
import type { Instance } from "../dataset/row.ts";
import { gradeInstance } from "./grade-instance.ts";
import { parseEvalType, type InstanceReport, type StrictVerdict, type SuccessFailure, type TestsStatus, type Verdict } from "./types.ts";
import type { OfficialOutcome, StrictOutcome } from "./verdicts.ts";

export interface GradeInput {
  readonly instance: Instance;
  readonly log: string;
  readonly modelPatch: string;
  readonly logParser: string;
  readonly evalType: string;
}
export type GradeOutput =
  | {
      readonly ok: true;
      readonly v4: Verdict;
      readonly strict: StrictVerdict;
      /** The official per-instance report.json object ({ "<instance_id>": {...} }); its text: formatReportJson. */
      readonly report: InstanceReport;
    }
  | { readonly ok: false; readonly error: string };
/** Grading's contract with the evaluation of one instance. */
export type GradeFn = (input: GradeInput) => GradeOutput;

const counts = (lists: SuccessFailure | undefined) => ({
  passed: lists?.success.length ?? 0,
  failed: lists?.failure.length ?? 0,
});

function verdictOf(resolved: boolean, graded: { resolution: Verdict["resolution"]; tests: TestsStatus | undefined } | undefined): Verdict {
  return {
    resolved,
    resolution: graded?.resolution ?? "RESOLVED_NO",
    patchApplied: graded?.tests !== undefined,
    failToPass: counts(graded?.tests?.FAIL_TO_PASS),
    passToPass: counts(graded?.tests?.PASS_TO_PASS),
  };
}

function officialOf(v4: OfficialOutcome, instanceId: string): Verdict {
  if (v4.outcome === "error") return verdictOf(false, undefined);
  return verdictOf(v4.resolved, { resolution: v4.resolution, tests: v4.report[instanceId]?.tests_status });
}

/** Strict flags: the integrity flags, plus the v5 reason for distrusting the log, if any. */
function strictOf(v5: StrictOutcome): StrictVerdict {
  if (v5.outcome === "error") return { ...verdictOf(false, undefined), flags: [...v5.flags, "parser_error"] };
  const distrust = v5.notFoundReason === "exit_code_mismatch" || v5.notFoundReason === "suite_not_run";
  const flags = distrust && v5.notFoundReason !== null ? [...v5.flags, v5.notFoundReason] : [...v5.flags];
  return { ...verdictOf(v5.resolved, { resolution: v5.resolution, tests: v5.testsStatus ?? undefined }), flags };
}

export const gradeForRun: GradeFn = (input: GradeInput): GradeOutput => {
  const { instance } = input;
  const result = gradeInstance({
    instanceId: instance.instance_id,
    log: input.log,
    failToPass: instance.FAIL_TO_PASS,
    passToPass: instance.PASS_TO_PASS,
    logParser: input.logParser,
    evalType: parseEvalType(input.evalType === "" ? undefined : input.evalType, instance.instance_id),
    patch: input.modelPatch,
    testPatch: instance.test_patch,
  });
  if (result.v4.outcome === "error") return { ok: false, error: `log parser failed: ${result.v4.error}` };
  return { ok: true, v4: officialOf(result.v4, instance.instance_id), strict: strictOf(result.v5), report: result.v4.report };
};
