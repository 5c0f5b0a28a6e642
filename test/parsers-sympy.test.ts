/** parse_log_sympy (same in v4.1.0 and v5). Expected map checked against the official Python. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getLogParser } from "../src/grading/parsers/registry.ts";

const log = readFileSync(join(import.meta.dirname, "fixtures", "grading", "parsers", "sympy.log"), "utf8");

describe.each(["v4", "v5"] as const)("parse_log_sympy (%s)", (generation) => {
  const statuses = getLogParser("parse_log_sympy", generation)(log);

  it("reads `test_x ok|F|E` lines and failure headers", () => {
    expect([...statuses]).toEqual([
      ["in sympy/core/basic.py:42", "FAILED"], // the header regex also fires on ordinary lines
      ["sympy/core/tests/test_basic.py:test_immutable", "FAILED"], // ____ path.py:test ____
      ["test_structure", "PASSED"],
      ["test_immutable", "FAILED"],
      ["test_error", "ERROR"],
      ["test_indented", "PASSED"], // lines are stripped first
    ]);
  });

  it("misses a test whose line ends with the file's [FAIL] tag, and lower-case f", () => {
    expect(statuses.has("test_replace_exceptions")).toBe(false);
    expect(statuses.has("test_lowercase")).toBe(false);
  });
});
