/**
 * parse_log_pytest_v2 under its dataset names parse_log_astropy, parse_log_scikit and
 * parse_log_sphinx. Expected maps were checked against the official v4.1.0 and HEAD Python.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getLogParser, type LogParserName } from "../src/grading/parsers/registry.ts";
import type { ParserGeneration } from "../src/grading/parsers/types.ts";

const log = readFileSync(join(import.meta.dirname, "fixtures", "grading", "parsers", "pytest-v2.log"), "utf8");
const parse = (parser: LogParserName, generation: ParserGeneration) =>
  Object.fromEntries(getLogParser(parser, generation)(log));

describe.each(["parse_log_astropy", "parse_log_scikit", "parse_log_sphinx"] as const)("%s", (parser) => {
  it("v4.1.0: strips ANSI remnants, reads trailing-status lines, keeps one token as the name", () => {
    expect(parse(parser, "v4")).toEqual({
      "astropy/io/tests/test_a.py::test_colour": "PASSED", // \x1b[32m ... \x1b[0m removed
      "astropy/units/tests/test_format.py::test_ogip_grammar_fail[log(photon": "PASSED", // #290's origin
      "astropy/io/tests/test_a.py::test_fail[a": "FAILED",
      "astropy/io/tests/test_a.py::test_err": "ERROR",
      "astropy/io/tests/test_a.py::test_classic": "PASSED", // old verbose `name PASSED`
      "astropy/io/tests/test_a.py::test_classic_space[a": "b]", // tokens[0] -> tokens[1], verbatim
      "[1]": "SKIPPED",
      "astropy/io/tests/test_a.py::test_cr": "PASSED", // \r is a control character, removed
    });
  });

  it("v5 keeps names with spaces (#279), cuts FAILED at ' - ', drops SKIPPED [N]", () => {
    expect(parse(parser, "v5")).toEqual({
      "astropy/io/tests/test_a.py::test_colour": "PASSED",
      "astropy/units/tests/test_format.py::test_ogip_grammar_fail[log(photon / m**2 s)]": "PASSED",
      "astropy/io/tests/test_a.py::test_fail[a": "FAILED",
      "astropy/io/tests/test_a.py::test_err - ValueError": "ERROR", // only FAILED lines are cut
      "astropy/io/tests/test_a.py::test_classic": "PASSED",
      "astropy/io/tests/test_a.py::test_classic_space[a b]": "PASSED",
      "astropy/io/tests/test_a.py::test_cr": "PASSED",
    });
  });

  it("ignores progress lines that end in a percentage", () => {
    expect(parse(parser, "v4")).not.toHaveProperty(["astropy/io/tests/test_a.py::test_progress"]);
  });
});
