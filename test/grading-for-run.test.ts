/** gradeForRun: the adapter the run loop calls, on the #631 fixture and a parser crash. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { instanceRowSchema } from "../src/dataset/row.ts";
import { gradeForRun } from "../src/grading/for-run.ts";

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, "fixtures", "grading", "exploits", name), "utf8");

const instance = instanceRowSchema.parse({
  repo: "pallets/flask", instance_id: "pallets__flask-5014", base_commit: "7ee9ceb71e868944a46e1ff00b506772a53a4f1d",
  patch: "", test_patch: "", version: "2.3",
  FAIL_TO_PASS: '["tests/test_blueprints.py::test_empty_name_not_allowed"]',
  PASS_TO_PASS: '["tests/test_blueprints.py::test_blueprint_specific_error_handling"]',
});

describe("gradeForRun", () => {
  it("returns the official verdict with counts, the strict verdict with flags, and report.json", () => {
    const output = gradeForRun({
      instance, log: fixture("631-conftest-only.log"), modelPatch: fixture("631-conftest-only.patch"),
      logParser: "parse_log_flask", evalType: "pass_and_fail",
    });
    if (!output.ok) throw new Error(output.error);
    expect(output.v4).toEqual({
      resolved: true, resolution: "RESOLVED_FULL", patchApplied: true,
      failToPass: { passed: 1, failed: 0 }, passToPass: { passed: 1, failed: 0 },
    });
    expect(output.strict).toMatchObject({ resolved: false, resolution: "RESOLVED_FULL", flags: ["conftest_touched"] });
    expect(output.report).toHaveProperty(["pallets__flask-5014", "resolved"], true);
  });

  it("adds the v5 distrust reason to the strict flags and has no report after a v4 parser crash", () => {
    const forged = gradeForRun({
      instance, log: fixture("601-forged-stdout.log"), modelPatch: "", logParser: "parse_log_flask", evalType: "",
    });
    if (!forged.ok) throw new Error(forged.error);
    expect(forged.strict).toMatchObject({ resolved: false, patchApplied: false, flags: ["exit_code_mismatch"] });
    const crashed = gradeForRun({
      instance, log: "+ : '>>>>> Start Test Output'\nFAILED\n+ : '>>>>> End Test Output'", modelPatch: "",
      logParser: "parse_log_seaborn", evalType: "pass_and_fail",
    });
    expect(crashed).toEqual({ ok: false, error: expect.stringMatching(/^log parser failed: pallets__flask-5014: /) as unknown });
  });
});
