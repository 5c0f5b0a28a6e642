import { z } from "zod";
import { SeraBenchError } from "../util/errors.ts";
/** Grading vocabulary, named as in the official harness and its report.json. */
export type EvalType = "pass_and_fail" | "fail_only";
export const EVAL_TYPES = ["pass_and_fail", "fail_only"] as const satisfies readonly EvalType[];

/** The dataset's `eval_type` column (absent in pre-v5 rows: pass_and_fail). `where` names the row. */
export function parseEvalType(value: string | undefined, where: string): EvalType {
  if (value === undefined) return "pass_and_fail";
  const known = EVAL_TYPES.find((evalType) => evalType === value);
  if (known === undefined) {
    throw new SeraBenchError(`${where}: eval_type ${JSON.stringify(value)} is not one of ${EVAL_TYPES.join(", ")}`);
  }
  return known;
}

export const RESOLUTION_STATUSES = ["RESOLVED_FULL", "RESOLVED_PARTIAL", "RESOLVED_NO"] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];

const testCountsSchema = z.looseObject({ passed: z.number(), failed: z.number() });

/** One verdict as result.json records it (the official one; the strict one adds its flags). */
export const verdictSchema = z.looseObject({
  resolved: z.boolean(),
  resolution: z.enum(RESOLUTION_STATUSES),
  patchApplied: z.boolean(),
  failToPass: testCountsSchema,
  passToPass: testCountsSchema,
});
export type Verdict = z.infer<typeof verdictSchema>;

export const strictVerdictSchema = verdictSchema.extend({
  /** Why the strict verdict distrusts the run (exploit patterns, exit-code mismatch, ...). */
  flags: z.array(z.string()),
});
export type StrictVerdict = z.infer<typeof strictVerdictSchema>;

export interface SuccessFailure {
  success: string[];
  failure: string[];
}

/** `tests_status` of report.json, keys in the official order. */
export interface TestsStatus {
  FAIL_TO_PASS: SuccessFailure;
  PASS_TO_PASS: SuccessFailure;
  FAIL_TO_FAIL: SuccessFailure;
  PASS_TO_FAIL: SuccessFailure;
}

/** The value under the instance id in report.json (v4.1.0, §7.4 of the reference). */
export interface InstanceReportBody {
  patch_is_None: boolean;
  patch_exists: boolean;
  patch_successfully_applied: boolean;
  resolved: boolean;
  tests_status?: TestsStatus;
}

/** report.json: `{ "<instance_id>": InstanceReportBody }`. */
export type InstanceReport = Record<string, InstanceReportBody>;

/** Why get_logs_eval reported "not found" (report.json then says patch_successfully_applied: false). */
export type NotFoundReason =
  | "failure_marker" // one of the four >>>>> failure markers is in the log
  | "markers_missing" // the start or end marker is absent
  | "suite_not_run" // v5: nothing parsed and no sign a test runner ran
  | "exit_code_mismatch"; // v5: tests exited non-zero, yet the log reports no failure
