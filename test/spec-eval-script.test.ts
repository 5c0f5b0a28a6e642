import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Instance } from "../src/dataset/row.ts";
import { generateEvalScript } from "../src/evaluation/spec/eval-script.ts";
import { parsePatchFiles } from "../src/grading/diff-reader.ts";
import { defaultSpecCatalog, lookupRepoSpec } from "../src/evaluation/spec/repo-specs.ts";
import { resolveTestSpec } from "../src/evaluation/spec/test-spec.ts";
import { instanceJob } from "../src/evaluation/instance-job.ts";
import { DEFAULT_IMAGE_NAMING } from "../src/evaluation/image-name.ts";
import { loadVerifiedRows, SPEC_FIXTURES } from "./helpers/verified.ts";

let rows: Instance[] = [];

beforeAll(async () => {
  rows = await loadVerifiedRows();
});

function firstLineDiff(expected: string, actual: string): string {
  const want = expected.split("\n");
  const got = actual.split("\n");
  const index = want.findIndex((line, i) => line !== got[i]);
  const at = index === -1 ? want.length : index;
  return `line ${at + 1}: expected ${JSON.stringify(want[at])}, got ${JSON.stringify(got[at])}`;
}

describe("generateEvalScript against the SWE-bench Verified eval_script column", () => {
  it("has all 500 rows, each with an eval_script and a log_parser", () => {
    expect(rows).toHaveLength(500);
    expect(rows.filter((row) => row.eval_script === undefined || row.log_parser === undefined)).toEqual([]);
  });

  it("reproduces every eval_script byte for byte and every log_parser", () => {
    const mismatches: string[] = [];
    for (const row of rows) {
      const script = generateEvalScript(row);
      if (script !== row.eval_script) mismatches.push(`${row.instance_id} script ${firstLineDiff(row.eval_script ?? "", script)}`);
      const { logParser } = lookupRepoSpec(row);
      if (logParser !== row.log_parser) mismatches.push(`${row.instance_id} parser ${logParser} != ${row.log_parser}`);
    }
    if (mismatches.length > 0) console.log(`mismatches:\n${mismatches.join("\n")}`);
    expect(mismatches).toEqual([]);
  });

  it("v4.1.0 rules differ exactly where the test patch creates or renames files, or a fix applies", () => {
    const fixes = defaultSpecCatalog().fixes;
    const differing = rows.filter((row) => generateEvalScript(row, { rules: "v4.1.0" }) !== row.eval_script);
    const expected = rows.filter((row) => {
      const changes = parsePatchFiles(row.test_patch).map((file) => file.change);
      return fixes.has(row.instance_id) || changes.includes("created") || changes.includes("renamed");
    });
    expect(differing.map((row) => row.instance_id)).toEqual(expected.map((row) => row.instance_id));
    expect(differing).toHaveLength(20);
  });

  it("leaves a trailing space on the v4.1.0 reset line when the test patch only creates files", () => {
    const row = rows.find((candidate) => candidate.instance_id === "django__django-16877");
    expect(row).toBeDefined();
    if (!row) return;
    const v4 = generateEvalScript(row, { rules: "v4.1.0" }).split("\n");
    expect(v4.filter((line) => line === `git checkout ${row.base_commit} `)).toHaveLength(2);
    const current = generateEvalScript(row).split("\n");
    expect(current).toContain(`git checkout ${row.base_commit} tests/template_tests/filter_tests/test_escapeseq.py`);
  });
});

/** What the official v4.1.0 code generated for the 20 instances where it differs (see the file's `source`). */
const V410 = JSON.parse(readFileSync(join(SPEC_FIXTURES, "eval-scripts-v4.1.0.json"), "utf8")) as {
  instances: Record<string, { sha256: string; resetFiles: string[] }>;
};
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** v4.1.0's script derived from the current one: its reset lines name v4.1.0's files, and no fix runs. */
function currentMadeV410(row: Instance, resetFiles: readonly string[]): string {
  const fixLines = new Set(defaultSpecCatalog().fixes.get(row.instance_id)?.commandsBeforeTests ?? []);
  const reset = `git checkout ${row.base_commit} `;
  return (row.eval_script ?? "")
    .split("\n")
    .filter((line) => !fixLines.has(line))
    .map((line) => (line.startsWith(reset) ? `${reset}${resetFiles.join(" ")}` : line))
    .join("\n");
}

describe("--eval-scripts v4.1.0 against the official v4.1.0 code", () => {
  it("differs from the current eval_script on exactly the 20 instances v4.1.0's own code does, with its bytes", () => {
    const differing = rows.filter((row) => generateEvalScript(row, { rules: "v4.1.0" }) !== row.eval_script);
    expect(differing.map((row) => row.instance_id).sort()).toEqual(Object.keys(V410.instances).sort());
    for (const row of differing) {
      expect(sha256(generateEvalScript(row, { rules: "v4.1.0" })), row.instance_id).toBe(V410.instances[row.instance_id]?.sha256);
    }
  });

  it("differs only in the reset lines (files the test patch creates are not reset) and the per-instance fixes", () => {
    const byKind = { reset: [] as string[], fix: [] as string[] };
    for (const [id, expected] of Object.entries(V410.instances)) {
      const row = rows.find((candidate) => candidate.instance_id === id);
      if (row === undefined) throw new Error(`${id} missing from the Verified parquet`);
      expect(generateEvalScript(row, { rules: "v4.1.0" }), id).toBe(currentMadeV410(row, expected.resetFiles));
      (defaultSpecCatalog().fixes.has(id) ? byKind.fix : byKind.reset).push(id);
    }
    expect(byKind.fix).toEqual(["astropy__astropy-8707", "astropy__astropy-8872"]);
    expect(byKind.reset).toHaveLength(18);
  });

  it("an evaluation job runs v4.1.0's script as is (no exit-code lines), the current one with them", () => {
    const row = rows.find((candidate) => candidate.instance_id === "django__django-16877");
    if (row === undefined) throw new Error("django__django-16877 missing from the Verified parquet");
    const job = (evalScripts: "current" | "v4.1.0") => instanceJob(row, row.patch, { naming: DEFAULT_IMAGE_NAMING, generate: false, evalScripts });
    expect(job("v4.1.0").evalScript).toBe(generateEvalScript(row, { rules: "v4.1.0" }));
    expect(job("current").evalScript).toContain(">>>>> Test Exit Code");
    expect(job("current").evalScript.replace(/^SWEBENCH_TEST_EXIT_CODE=.*\n|^echo ">>>>> Test Exit Code.*\n/gm, "")).toBe(row.eval_script);
  });
});

describe("resolveTestSpec", () => {
  const pick = (id: string): Instance => {
    const row = rows.find((candidate) => candidate.instance_id === id);
    if (!row) throw new Error(`fixture row ${id} missing from the Verified parquet`);
    return row;
  };

  it("uses the row's eval_script and log_parser unless asked to generate", () => {
    const row = { ...pick("sympy__sympy-11618"), eval_script: "#!/bin/bash\necho row\n", log_parser: "parse_log_custom" };
    expect(resolveTestSpec(row, { generate: false })).toEqual({
      instanceId: "sympy__sympy-11618",
      logParser: "parse_log_custom",
      evalScript: "#!/bin/bash\necho row\n",
      evalType: "pass_and_fail",
      evalScriptSource: "dataset",
    });
    const generated = resolveTestSpec(row, { generate: true });
    expect(generated.evalScriptSource).toBe("generated");
    expect(generated.evalScript).toBe(pick("sympy__sympy-11618").eval_script);
  });

  it("v4.1.0 rules never take the row's eval_script (it is the current harness's)", () => {
    const row = pick("django__django-16877");
    const spec = resolveTestSpec(row, { generate: false, rules: "v4.1.0" });
    expect(spec.evalScriptSource).toBe("generated");
    expect(spec.evalScript).toBe(generateEvalScript(row, { rules: "v4.1.0" }));
    expect(spec.evalScript).not.toBe(row.eval_script);
  });

  it("falls back to the specs for a row without the v5 columns", () => {
    const row = pick("django__django-11099");
    const bare = { ...row, eval_script: undefined, log_parser: undefined, eval_type: undefined };
    const spec = resolveTestSpec(bare, { generate: false });
    expect(spec).toMatchObject({ logParser: "parse_log_django", evalType: "pass_and_fail", evalScriptSource: "generated" });
    expect(spec.evalScript).toBe(row.eval_script);
  });

  it("rejects an unknown eval_type, naming the instance", () => {
    const row = { ...pick("django__django-11099"), eval_type: "fail_sometimes" };
    expect(() => resolveTestSpec(row, { generate: false })).toThrow(/django__django-11099: eval_type "fail_sometimes"/);
  });
});
