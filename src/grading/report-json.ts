/**
 * The per-instance report.json of the official harness (v4.1.0 get_eval_report), built with the
 * official key order, and its byte-exact text (`json.dumps(report, indent=4)`).
 */
import type { InstanceReport, InstanceReportBody, TestsStatus } from "./types.ts";

export type ReportInput =
  | { readonly instanceId: string; readonly stage: "patch_is_none" }
  | { readonly instanceId: string; readonly stage: "tests_not_found" }
  | { readonly instanceId: string; readonly stage: "graded"; readonly resolved: boolean; readonly tests: TestsStatus };

export function buildInstanceReport(input: ReportInput): InstanceReport {
  const graded = input.stage === "graded";
  const body: InstanceReportBody = {
    patch_is_None: input.stage === "patch_is_none",
    patch_exists: input.stage !== "patch_is_none",
    patch_successfully_applied: graded,
    resolved: graded && input.resolved,
  };
  if (graded) body.tests_status = input.tests;
  return { [input.instanceId]: body };
}

// Python's json.dumps(ensure_ascii=True) escapes everything outside printable ASCII; JSON.stringify
// already escapes control characters the same way, so only \x7f and above remain.
const NON_ASCII = /[\u007f-\uffff]/g;

/** The exact text the official harness writes to report.json (no trailing newline). */
export function formatReportJson(report: InstanceReport): string {
  return JSON.stringify(report, null, 4).replace(
    NON_ASCII,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
