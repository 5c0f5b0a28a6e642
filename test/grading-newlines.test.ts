/**
 * The official harness writes test_output.txt as it came and reads it back as Python text
 * (universal newlines) before parsing: `\r\n` and a lone `\r` end a line. A Django test that draws a
 * progress indicator with `\r` before its `ok` is passed only under that reading.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gradeInstance } from "../src/grading/grade-instance.ts";
import { officialVerdict } from "../src/grading/verdicts.ts";
import { pyUniversalNewlines } from "../src/util/python/str.ts";

const FIXTURE = new URL("fixtures/grading/newlines/django-progress-cr.log", import.meta.url);
const log = readFileSync(FIXTURE, "utf8");
const tests = {
  instanceId: "django__django-00000",
  failToPass: ["test_copy_progress (files.tests.ProgressTests)"],
  passToPass: ["test_open (files.tests.FileTests)"],
  logParser: "parse_log_django",
};

describe("logs are read as Python text before grading", () => {
  it("the fixture holds a lone \\r before the `ok` and a \\r\\n line ending", () => {
    expect(log).toContain("100%\rok\n");
    expect(log).toContain("... ok\r\n");
  });

  it("pyUniversalNewlines turns \\r\\n and a lone \\r into \\n, and nothing else", () => {
    expect(pyUniversalNewlines("a\r\nb\rc\n\r\n\r\r\nd\u2028e\x0bf")).toBe("a\nb\nc\n\n\n\nd\u2028e\x0bf");
    expect(pyUniversalNewlines("no carriage return\n")).toBe("no carriage return\n");
  });

  it("the raw log, split on \\n only, fails the FAIL_TO_PASS test (the verdict that would be wrong)", () => {
    const raw = officialVerdict({ ...tests, log, evalType: "pass_and_fail", patchIsNone: false });
    expect(raw).toMatchObject({ outcome: "graded", resolved: false, resolution: "RESOLVED_NO" });
  });

  it("gradeInstance reads it as the official harness does: resolved", () => {
    const graded = gradeInstance({ ...tests, log });
    expect(graded.v4).toMatchObject({ outcome: "graded", resolved: true, resolution: "RESOLVED_FULL" });
    expect(graded.v5.resolved).toBe(true);
    if (graded.v4.outcome !== "graded") return;
    expect(graded.v4.report[tests.instanceId]?.tests_status?.FAIL_TO_PASS).toEqual({ success: tests.failToPass, failure: [] });
  });
});
