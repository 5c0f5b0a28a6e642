/** The parser registry: the 12 log_parser names of SWE-bench Verified and their implementations. */
import { describe, expect, it } from "vitest";
import { parseDjango } from "../src/grading/parsers/django.ts";
import {
  parseMatplotlib,
  parsePytest,
  parsePytestOptions,
  parsePytestOptionsV5,
  parsePytestV5,
} from "../src/grading/parsers/pytest.ts";
import { parsePytestV2, parsePytestV2V5 } from "../src/grading/parsers/pytest-v2.ts";
import { LOG_PARSER_NAMES, getLogParser } from "../src/grading/parsers/registry.ts";
import { parseSeaborn } from "../src/grading/parsers/seaborn.ts";
import { parseSympy } from "../src/grading/parsers/sympy.ts";

describe("log parser registry", () => {
  it("knows exactly the 12 names the Verified dataset uses", () => {
    expect([...LOG_PARSER_NAMES].sort()).toEqual([
      "parse_log_astropy", "parse_log_django", "parse_log_flask", "parse_log_matplotlib",
      "parse_log_pylint", "parse_log_pytest", "parse_log_requests", "parse_log_scikit",
      "parse_log_seaborn", "parse_log_sphinx", "parse_log_sympy", "parse_log_xarray",
    ]);
  });

  it.each([
    ["parse_log_astropy", parsePytestV2, parsePytestV2V5],
    ["parse_log_scikit", parsePytestV2, parsePytestV2V5],
    ["parse_log_sphinx", parsePytestV2, parsePytestV2V5],
    ["parse_log_flask", parsePytest, parsePytestV5],
    ["parse_log_xarray", parsePytest, parsePytestV5],
    ["parse_log_pytest", parsePytest, parsePytestV5],
    ["parse_log_requests", parsePytestOptions, parsePytestOptionsV5],
    ["parse_log_pylint", parsePytestOptions, parsePytestOptionsV5],
    ["parse_log_django", parseDjango, parseDjango],
    ["parse_log_sympy", parseSympy, parseSympy],
  ])("%s maps to the v4.1.0 implementation and its v5 variant", (name, v4, v5) => {
    expect(getLogParser(name, "v4")).toBe(v4);
    expect(getLogParser(name, "v5")).toBe(v5);
  });

  it("matplotlib and seaborn have their own parsers", () => {
    expect(getLogParser("parse_log_matplotlib", "v4")).toBe(parseMatplotlib);
    expect(getLogParser("parse_log_seaborn", "v4")).toBe(parseSeaborn);
  });

  it("an unknown name throws an error listing the known ones", () => {
    expect(() => getLogParser("parse_log_jest", "v4")).toThrow(
      /unknown log parser "parse_log_jest"; expected one of: parse_log_astropy, .*parse_log_sympy/,
    );
    expect(() => getLogParser("constructor", "v4")).toThrow(/unknown log parser/);
  });
});
