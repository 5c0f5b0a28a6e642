/**
 * The pytest short-summary parsers under their dataset names: parse_log_pytest, parse_log_flask,
 * parse_log_xarray (= pytest), parse_log_requests, parse_log_pylint (= pytest_options) and
 * parse_log_matplotlib. Expected maps were checked against the official v4.1.0 and HEAD Python.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getLogParser, type LogParserName } from "../src/grading/parsers/registry.ts";
import type { ParserGeneration } from "../src/grading/parsers/types.ts";

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, "fixtures", "grading", "parsers", name), "utf8");
const parse = (parser: LogParserName, generation: ParserGeneration, log: string) =>
  Object.fromEntries(getLogParser(parser, generation)(log));

const PYTEST_NAMES = ["parse_log_pytest", "parse_log_flask", "parse_log_xarray"] as const;
const SUMMARY_V5 = {
  "tests/test_a.py::test_one": "PASSED",
  "tests/test_a.py::test_two": "PASSED",
  "tests/test_a.py::test_three": "FAILED",
  "tests/test_a.py::test_five": "XFAIL",
  "tests/test_a.py::test_seven": "ERROR",
};

describe.each(PYTEST_NAMES)("%s", (parser) => {
  it("reads -rA summary lines; FAILED ' - msg' dropped; XPASS ignored; SKIPPED [N] is a bogus key in v4", () => {
    const log = fixture("pytest-summary.log");
    expect(parse(parser, "v4", log)).toEqual({ ...SUMMARY_V5, "[1]": "SKIPPED", "[12]": "SKIPPED" });
    expect(parse(parser, "v4", log)).not.toHaveProperty(["tests/test_a.py::test_six"]);
  });

  it("v5 drops the SKIPPED [N] summary entries (#598)", () => {
    expect(parse(parser, "v5", fixture("pytest-summary.log"))).toEqual(SUMMARY_V5);
  });

  it("splits like Python str.split(), truncates names at spaces (#43, #290), keeps [100%] (pytest-5262)", () => {
    const expected = {
      "tests/test_a.py::test_dash[a": "FAILED", // ' - ' replaced by ' ' before splitting
      "tests/test_a.py::test_space[a": "PASSED",
      "[100%]": "PASSED", // PASS_TO_PASS of pytest-dev__pytest-5262 and -7521 expects this key
      file: "ERROR:", // the status token is copied verbatim
      "tests/test_a.py::test_rerun": "PASSED", // a later line overwrites
      "tests/test_a.py::test_sep_x1c": "PASSED", // \x1c is whitespace to Python; \ufeff is not
    };
    for (const generation of ["v4", "v5"] as const) {
      expect(parse(parser, generation, fixture("pytest-names.log"))).toEqual(expected);
    }
  });
});

describe.each(["parse_log_requests", "parse_log_pylint"] as const)("%s", (parser) => {
  const normalised = {
    "tests/test_requests.py::test_path[/cert.pem]": "PASSED", // absolute path -> last segment
    "tests/test_requests.py::test_unc[//server/share/file]": "PASSED", // '//' kept
    "tests/test_requests.py::test_glob[/a/b/*.py]": "PASSED", // '*' kept
    "tests/test_requests.py::test_invalid_url[InvalidURL-http://.example.com]": "PASSED",
    "tests/test_requests.py::test_after[x]": "PASSED", // text after the last ']' is dropped
    "tests/test_requests.py::test_greedy[/b]-[c]": "FAILED", // option runs to the last ']'
  };

  it("normalises absolute-path parametrisations as pytest_options does", () => {
    expect(parse(parser, "v4", fixture("pytest-options.log"))).toEqual({ ...normalised, "[2]": "SKIPPED" });
    expect(parse(parser, "v5", fixture("pytest-options.log"))).toEqual(normalised);
  });

  it("shares the pytest quirks (truncation at spaces, [100%], verbatim status token)", () => {
    expect(parse(parser, "v4", fixture("pytest-names.log"))).toEqual(parse("parse_log_pytest", "v4", fixture("pytest-names.log")));
  });
});

describe("parse_log_matplotlib", () => {
  const expected = {
    "lib/matplotlib/tests/test_widgets.py::test_polygon_selector_remove[1]": "PASSED",
    "lib/matplotlib/tests/test_widgets.py::test_polygon_selector_remove[3]": "PASSED",
    "lib/matplotlib/tests/test_widgets.py::test_drag[1-True]": "FAILED",
  };

  it("rewrites MouseButton.LEFT/RIGHT to 1/3 (matplotlib-20676 expects ...remove[1] and [3])", () => {
    expect(parse("parse_log_matplotlib", "v4", fixture("matplotlib.log"))).toEqual({ ...expected, "[1]": "SKIPPED" });
    expect(parse("parse_log_matplotlib", "v5", fixture("matplotlib.log"))).toEqual(expected);
  });

  it("plain pytest keeps the enum names", () => {
    expect(parse("parse_log_pytest", "v4", fixture("matplotlib.log"))).toHaveProperty([
      "lib/matplotlib/tests/test_widgets.py::test_polygon_selector_remove[MouseButton.LEFT]",
    ]);
  });
});
