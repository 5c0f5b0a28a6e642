/**
 * Classification, resolution and report.json through gradeInstance: v4.1.0 semantics (SKIPPED
 * dropped, XFAIL passes, missing fails, empty denominators = 1, FAIL_ONLY) against v5 (#545 skipped
 * tests, #290 truncated ids), plus the exact report.json text (§7.4 key order).
 */
import { describe, expect, it } from "vitest";
import { gradeInstance, type GradeInput } from "../src/grading/grade-instance.ts";
import { formatReportJson } from "../src/grading/report-json.ts";
import { resolveCase } from "../src/grading/tests-report.ts";
import { parseEvalType } from "../src/grading/types.ts";

const wrap = (...lines: string[]): string =>
  ["+ : '>>>>> Start Test Output'", ...lines, "+ : '>>>>> End Test Output'", ""].join("\n");

function grade(lines: string[], overrides: Partial<GradeInput> = {}) {
  return gradeInstance({
    instanceId: "o__r-1",
    log: wrap(...lines),
    failToPass: ["t.py::f1"],
    passToPass: ["t.py::p1"],
    logParser: "parse_log_pytest",
    ...overrides,
  });
}

function testsOf(verdict: ReturnType<typeof grade>["v4"]) {
  if (verdict.outcome !== "graded") throw new Error(verdict.error);
  return verdict.report["o__r-1"]?.tests_status;
}

describe("per-test classification", () => {
  it("all F2P skipped: v4.1.0 drops them and scores FULL, v5 fails them (#545)", () => {
    const result = grade(["SKIPPED t.py::f1", "PASSED t.py::p1"]);
    expect(testsOf(result.v4)?.FAIL_TO_PASS).toEqual({ success: [], failure: [] });
    expect(result.v4.resolved).toBe(true);
    expect(result.v5).toMatchObject({ resolved: false, resolution: "RESOLVED_NO" });
    expect(result.disagree).toBe(true);
  });

  it("a skipped P2P test: dropped in v4.1.0, a success in v5", () => {
    const result = grade(["PASSED t.py::f1", "SKIPPED t.py::p1"]);
    expect(testsOf(result.v4)?.PASS_TO_PASS).toEqual({ success: [], failure: [] });
    expect(result.v5.outcome === "graded" && result.v5.testsStatus?.PASS_TO_PASS).toEqual({ success: ["t.py::p1"], failure: [] });
    expect([result.v4.resolved, result.v5.resolved]).toEqual([true, true]);
  });

  it("XFAIL passes, a missing test fails, an odd status token counts in neither list", () => {
    const result = grade(["XFAIL t.py::f1 - known", "ERROR: t.py::p1"], { failToPass: ["t.py::f1", "t.py::f2"] });
    expect(testsOf(result.v4)).toMatchObject({
      FAIL_TO_PASS: { success: ["t.py::f1"], failure: ["t.py::f2"] },
      PASS_TO_PASS: { success: [], failure: [] }, // `t.py::p1` has the status token "ERROR:"
    });
  });

  it("PARTIAL when some F2P pass and all P2P pass; only FULL resolves", () => {
    const result = grade(["PASSED t.py::f1", "FAILED t.py::f2 - x", "PASSED t.py::p1"], { failToPass: ["t.py::f1", "t.py::f2"] });
    expect(result.v4).toMatchObject({ resolution: "RESOLVED_PARTIAL", resolved: false });
  });

  it("empty F2P and P2P lists count as 1 (FULL)", () => {
    expect(grade([], { failToPass: [], passToPass: [] }).v4).toMatchObject({ resolution: "RESOLVED_FULL" });
  });

  it("FAIL_ONLY: only an exact FAILED entry fails; missing and ERROR count as success", () => {
    const result = grade(["ERROR t.py::f1 - x", "FAILED t.py::p1 - y"], {
      failToPass: ["t.py::f1", "t.py::f2"],
      evalType: parseEvalType("fail_only", "test row"),
    });
    expect(testsOf(result.v4)).toMatchObject({
      FAIL_TO_PASS: { success: ["t.py::f1", "t.py::f2"], failure: [] },
      PASS_TO_PASS: { success: [], failure: ["t.py::p1"] },
    });
    expect(() => parseEvalType("fail_sometimes", "row 7")).toThrow(/row 7: eval_type "fail_sometimes"/);
  });
});

describe("truncated parametrised ids (#290, v5 only)", () => {
  const truncated = "astropy/units/tests/test_format.py::test_ogip_grammar_fail[log(photon";
  const full = `${truncated} / m**2 s)]`;

  it("v4.1.0's parser truncates like the dataset; v5 keeps the full id and prefix-matches it", () => {
    const result = grade([`PASSED ${full}`], { failToPass: [truncated], passToPass: [], logParser: "parse_log_astropy" });
    expect(result.v4.outcome === "graded" && [...result.v4.statusMap.keys()]).toEqual([truncated]);
    expect(result.v5.outcome === "graded" && [...result.v5.statusMap.keys()]).toEqual([full]);
    expect([result.v4.resolved, result.v5.resolved]).toEqual([true, true]);
  });

  it("a FAILED full id fails the truncated expectation in v5", () => {
    const result = grade([`FAILED ${full}`], { failToPass: [truncated], passToPass: [], logParser: "parse_log_astropy" });
    expect(result.v5.outcome === "graded" && [...result.v5.statusMap]).toEqual([[full, "FAILED"]]);
    expect(result.v5.outcome === "graded" && result.v5.testsStatus?.FAIL_TO_PASS).toEqual({ success: [], failure: [truncated] });
  });

  it("prefix candidates must agree on pass vs fail; PASSED and XFAIL agree", () => {
    const map = (entries: [string, string][]) => new Map(entries);
    expect(resolveCase("t[a-No", map([["t[a-None]", "PASSED"], ["t[a-No-x]", "XFAIL"]]))).toBe("t[a-None]");
    expect(resolveCase("t[a-No", map([["t[a-None]", "PASSED"], ["t[a-No-x]", "FAILED"]]))).toBeUndefined();
    expect(resolveCase("t[case-1]", map([["t[case-1-long]", "PASSED"]]))).toBeUndefined(); // balanced: exact only
  });
});

describe("report.json", () => {
  it("has the official keys in the official order, byte for byte", () => {
    const result = grade(["PASSED t.py::f1", "PASSED t.py::p1"]);
    if (result.v4.outcome !== "graded") throw new Error(result.v4.error);
    const empty = '{\n                "success": [],\n                "failure": []\n            }';
    const one = (name: string) => `{\n                "success": [\n                    "${name}"\n                ],\n                "failure": []\n            }`;
    expect(formatReportJson(result.v4.report)).toBe(
      `{\n    "o__r-1": {\n        "patch_is_None": false,\n        "patch_exists": true,\n` +
        `        "patch_successfully_applied": true,\n        "resolved": true,\n        "tests_status": {\n` +
        `            "FAIL_TO_PASS": ${one("t.py::f1")},\n            "PASS_TO_PASS": ${one("t.py::p1")},\n` +
        `            "FAIL_TO_FAIL": ${empty},\n            "PASS_TO_FAIL": ${empty}\n        }\n    }\n}`,
    );
  });

  it("escapes non-ASCII like Python's json.dumps", () => {
    const result = grade(["PASSED t.py::f1[é]"], { failToPass: ["t.py::f1[é]"], passToPass: [] });
    if (result.v4.outcome !== "graded") throw new Error(result.v4.error);
    expect(formatReportJson(result.v4.report)).toContain('"t.py::f1[\\u00e9]"');
  });

  it("a None patch reports patch_is_None only; tests not found reports no tests_status", () => {
    const none = grade(["PASSED t.py::f1"], { patch: null });
    expect(none.v4.outcome === "graded" && none.v4.report).toStrictEqual({
      "o__r-1": { patch_is_None: true, patch_exists: false, patch_successfully_applied: false, resolved: false },
    });
    const missing = gradeInstance({ ...baseInput(), log: "no markers at all" });
    expect(missing.v4.outcome === "graded" && missing.v4.report).toStrictEqual({
      "o__r-1": { patch_is_None: false, patch_exists: true, patch_successfully_applied: false, resolved: false },
    });
    expect(missing.v5).toMatchObject({ testsFound: false, notFoundReason: "markers_missing" });
  });
});

function baseInput(): GradeInput {
  return { instanceId: "o__r-1", log: "", failToPass: ["t.py::f1"], passToPass: [], logParser: "parse_log_pytest" };
}

describe("errors", () => {
  it("a parser crash is an error outcome (the official harness writes no report.json)", () => {
    const result = gradeInstance({ ...baseInput(), logParser: "parse_log_seaborn", log: wrap("PASSED t.py::f1", "FAILED") });
    expect(result.v4).toMatchObject({ outcome: "error", resolved: false });
    expect(result.v4.outcome === "error" && result.v4.error).toMatch(/^o__r-1: parse_log_seaborn/);
    expect(result.v5).toMatchObject({ outcome: "graded", resolved: true }); // v5's seaborn skips the line
  });

  it("an unknown parser name throws, whatever the patch", () => {
    expect(() => gradeInstance({ ...baseInput(), logParser: "parse_log_nope", patch: null })).toThrow(/unknown log parser/);
  });
});
