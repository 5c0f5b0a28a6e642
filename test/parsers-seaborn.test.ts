/** parse_log_seaborn. Expected maps were checked against the official v4.1.0 and HEAD Python. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getLogParser } from "../src/grading/parsers/registry.ts";
import { LogParserCrash } from "../src/grading/parsers/types.ts";

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, "fixtures", "grading", "parsers", name), "utf8");

describe("parse_log_seaborn", () => {
  it("records FAILED x, `x PASSED ...` and PASSED x only", () => {
    const expected = {
      "tests/test_core.py::TestA::test_progress": "PASSED",
      "tests/test_core.py::TestA::test_summary": "PASSED",
      "tests/test_core.py::TestA::test_failed": "FAILED",
      it: "PASSED", // any line with ' PASSED ' as its second token
    };
    for (const generation of ["v4", "v5"] as const) {
      const statuses = getLogParser("parse_log_seaborn", generation)(fixture("seaborn.log"));
      expect(Object.fromEntries(statuses)).toEqual(expected);
      // `x PASSED` without a trailing space is not read; SKIPPED/ERROR/XFAIL are never recorded
      expect(statuses.has("tests/test_core.py::TestA::test_no_percent")).toBe(false);
      expect(statuses.has("tests/test_core.py::TestA::test_error")).toBe(false);
    }
  });

  it("v4.1.0 raises on a bare FAILED line (the harness then counts an error); v5 skips it", () => {
    const log = fixture("seaborn-bare-status.log");
    expect(() => getLogParser("parse_log_seaborn", "v4")(log)).toThrow(LogParserCrash);
    expect(Object.fromEntries(getLogParser("parse_log_seaborn", "v5")(log))).toEqual({
      "tests/test_core.py::TestA::test_summary": "PASSED",
      "tests/test_core.py::TestA::test_progress": "PASSED",
    });
  });
});
