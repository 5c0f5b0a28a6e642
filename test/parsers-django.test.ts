/** parse_log_django (same in v4.1.0 and v5). Expected maps checked against the official Python. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getLogParser } from "../src/grading/parsers/registry.ts";
import { LogParserCrash } from "../src/grading/parsers/types.ts";

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, "fixtures", "grading", "parsers", name), "utf8");

describe.each(["v4", "v5"] as const)("parse_log_django (%s)", (generation) => {
  const parse = (name: string) => [...getLogParser("parse_log_django", generation)(fixture(name))];

  it("reads ok/OK/skipped/FAIL/ERROR, FAIL:/ERROR: headers, docstring names, ok on a later line", () => {
    expect(parse("django.log")).toEqual([
      ["test_add08 (template_tests.filter_tests.test_add.AddTests)", "PASSED"],
      ["test_upper (template_tests.filter_tests.AddTests)", "PASSED"], // ' ... OK'
      ["test_lower (template_tests.filter_tests.AddTests)", "PASSED"], // ' ...  OK'
      ["--help is equivalent to help", "PASSED"], // a docstring first line is the name (#275)
      ["test_skip (admin_scripts.tests.CommandTypes)", "SKIPPED"],
      ["test_fail (admin_scripts.tests.CommandTypes)", "FAILED"],
      ["test_error (admin_scripts.tests.CommandTypes)", "ERROR"],
      ["test_interleaved (admin_scripts.tests.CommandTypes)", "PASSED"], // `ok` on a later line (#167)
      ["test_version (admin_scripts.tests.CommandTypes)", "PASSED"], // lines are stripped
      ["--version is equivalent to version", "PASSED"], // special-cased, no ' ... ok' needed
      ["test_no_migrations (migrations.test_commands.Tests)", "PASSED"], // django-7188 special case
      ["test_fail", "FAILED"], // `FAIL: name (cls)` keeps only the second token
      ["test_error", "ERROR"],
      // a later line merely starting with "ok" passes the last ' ... ' line's prefix
      ["Applying sites.0002_alter_domain_unique...test_no_migrations (migrations.test_commands.Tests)", "PASSED"],
    ]);
  });

  it("applies the three multi-line patterns to the raw log (Python \\s includes NBSP)", () => {
    expect(parse("django-multiline.log")).toEqual([
      ["Found 1 test(s)", "PASSED"], // the line loop credits the interleaved output
      ["Check a", "PASSED"],
      ["test_runner (test_runner.tests.Tests)", "PASSED"], // 'Testing against Django installed in'
      ["Check a ... b works", "PASSED"], // 'Internal Server Error: /.../'
      ["test_check (check_framework.tests.Tests)", "PASSED"], // 'System check identified no issues'
    ]);
  });

  it("raises like Python on an `ERROR:` line with a single token", () => {
    expect(() => parse("django-crash.log")).toThrow(LogParserCrash);
  });
});
