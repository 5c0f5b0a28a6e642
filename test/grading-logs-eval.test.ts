/**
 * get_logs_eval: markers, failure markers, the v4.1.0 whole-log fallback (#402), and the v5
 * SUITE_RAN and test-exit-code checks (#620).
 */
import { describe, expect, it } from "vitest";
import { getLogsEvalV4, getLogsEvalV5 } from "../src/grading/logs-eval.ts";
import { FAILURE_MARKERS, testSection } from "../src/grading/markers.ts";
import { parseTestExitCode, suiteRan } from "../src/grading/run-evidence.ts";
import { parsePytest } from "../src/grading/parsers/pytest.ts";

const START = "+ : '>>>>> Start Test Output'";
const END = "+ : '>>>>> End Test Output'";
const wrap = (body: string, after = ""): string => [START, body, END, after].join("\n");
const asObject = (result: { statusMap: ReadonlyMap<string, string> }) => Object.fromEntries(result.statusMap);

describe("getLogsEval, v4.1.0 and v5", () => {
  it.each(FAILURE_MARKERS)("%s anywhere in the log means tests not found", (marker) => {
    const log = `${marker}\n${wrap("PASSED t.py::a")}`;
    expect(getLogsEvalV4(log, parsePytest)).toMatchObject({ found: false, reason: "failure_marker" });
    expect(getLogsEvalV5(log, parsePytest)).toMatchObject({ found: false, reason: "failure_marker" });
  });

  it("a missing end marker means tests not found", () => {
    const log = `${START}\nPASSED t.py::a\n`;
    expect(getLogsEvalV4(log, parsePytest)).toMatchObject({ found: false, reason: "markers_missing" });
  });

  it("parses only the marked section when it yields results", () => {
    const log = `PASSED t.py::before\n${wrap("FAILED t.py::a - x", "PASSED t.py::after")}`;
    expect(asObject(getLogsEvalV4(log, parsePytest))).toEqual({ "t.py::a": "FAILED" });
  });

  it("falls back to the whole log when the section parses to nothing (Modal ordering, #402)", () => {
    const log = `PASSED t.py::outside\n${wrap("no results here")}`;
    expect(getLogsEvalV4(log, parsePytest)).toMatchObject({ found: true });
    expect(asObject(getLogsEvalV4(log, parsePytest))).toEqual({ "t.py::outside": "PASSED" });
  });

  it("the section runs from the first start marker to the first end marker after it", () => {
    expect(testSection(">>>>> End Test Output x >>>>> Start Test Output A >>>>> End Test Output B")).toBe(" A ");
    expect(testSection(">>>>> Start Test Output A >>>>> Start Test Output B >>>>> End Test Output")).toBe(" A ");
  });
});

describe("getLogsEval, v5 additions", () => {
  it("nothing parsed and no sign a runner ran: v4 found (empty map), v5 not found", () => {
    const log = wrap("ImportError: cannot import name 'x'");
    expect(getLogsEvalV4(log, parsePytest)).toMatchObject({ found: true });
    expect(getLogsEvalV5(log, parsePytest)).toMatchObject({ found: false, reason: "suite_not_run" });
  });

  it("SUITE_RAN needs a non-zero count", () => {
    expect(suiteRan("Executed 12 of 14 SUCCESS")).toBe(true);
    expect(suiteRan("Chrome: Executed 0 of 0 DISCONNECTED")).toBe(false);
    expect(suiteRan("log\n# tests 3\n")).toBe(true);
    expect(suiteRan("log # tests 3")).toBe(false);
  });

  it("a non-zero test exit code with no FAILED/ERROR in the map is a forged log (#620)", () => {
    const log = wrap("PASSED t.py::a", ">>>>> Test Exit Code: 1");
    expect(getLogsEvalV4(log, parsePytest)).toMatchObject({ found: true });
    expect(getLogsEvalV5(log, parsePytest)).toMatchObject({ found: false, reason: "exit_code_mismatch", exitCode: 1 });
  });

  it("a non-zero exit code backed by a FAILED line, exit code 0, or none recorded is graded", () => {
    const failing = wrap("PASSED t.py::a\nFAILED t.py::b - x", ">>>>> Test Exit Code: 1");
    expect(getLogsEvalV5(failing, parsePytest)).toMatchObject({ found: true, exitCode: 1 });
    expect(getLogsEvalV5(wrap("PASSED t.py::a", ">>>>> Test Exit Code: 0"), parsePytest)).toMatchObject({ found: true, exitCode: 0 });
    expect(getLogsEvalV5(wrap("PASSED t.py::a"), parsePytest)).toMatchObject({ found: true, exitCode: null });
  });

  it("reads the first recorded exit code, as Python int() would", () => {
    expect(parseTestExitCode(">>>>> Test Exit Code: 137\n>>>>> Test Exit Code: 0")).toBe(137);
    expect(parseTestExitCode(">>>>> Test Exit Code:\t-1")).toBe(-1);
    expect(parseTestExitCode(">>>>> Test Exit Code: -0")).toBe(0);
    expect(parseTestExitCode(">>>>> Test Exit Code: \u0661\u0660")).toBe(10); // Arabic-Indic digits
    expect(parseTestExitCode("no marker here")).toBeNull();
  });
});
