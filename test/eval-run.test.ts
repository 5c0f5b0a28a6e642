/**
 * `eval` end to end on the bundled sample, real Docker: the acceptance of the evaluation core.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../src/dataset/load.ts";
import { generateEvalScript } from "../src/evaluation/spec/eval-script.ts";
import { formatReportJson } from "../src/grading/report-json.ts";
import type { InstanceReport } from "../src/grading/types.ts";
import type { EvalRunSummary } from "../src/run/eval-run.ts";
import { testEngine } from "./helpers/docker.ts";
import { evalSample, prepareSampleImages, SAMPLE_DIR, SAMPLE_IDS, tempDir } from "./helpers/eval-run.ts";

const predictions = (name: string) => join(SAMPLE_DIR, "predictions", name);
let outputDir: string;
let gold: EvalRunSummary;

beforeAll(async () => {
  await prepareSampleImages();
  outputDir = await tempDir("eval-run");
  gold = await evalSample({ predictions: "gold", runId: "gold", outputDir });
});

describe("eval on the sample", () => {
  it("resolves every sample instance with the gold patches", () => {
    expect(gold.report.resolved_ids).toEqual([...SAMPLE_IDS]);
    expect(gold.report).toMatchObject({ total_instances: 6, submitted_instances: 6, completed_instances: 6, error_instances: 0, schema_version: 2 });
    expect(gold.results.every((r) => r.strict?.resolved === true && !r.verdicts_disagree)).toBe(true);
  });

  it("writes the official files per instance and the run reports", () => {
    const logs = join(outputDir, "gold", "logs", "sera-bench__semver-1");
    for (const file of ["patch.diff", "eval.sh", "test_output.txt", "run_instance.log", "report.json", "result.json"]) {
      expect(existsSync(join(logs, file)), file).toBe(true);
    }
    const reportText = readFileSync(join(logs, "report.json"), "utf8");
    const report = JSON.parse(reportText) as Record<string, { resolved: boolean; tests_status: object }>;
    expect(reportText).toBe(formatReportJson(report as InstanceReport)); // json.dumps(indent=4): no final newline
    expect(Object.keys(report["sera-bench__semver-1"] ?? {})).toEqual(["patch_is_None", "patch_exists", "patch_successfully_applied", "resolved", "tests_status"]);
    const runReport = JSON.parse(readFileSync(join(outputDir, "gold", "gold.gold.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(runReport)).toEqual([
      "total_instances", "submitted_instances", "completed_instances", "resolved_instances", "unresolved_instances",
      "empty_patch_instances", "error_instances", "completed_ids", "incomplete_ids", "empty_patch_ids", "submitted_ids",
      "resolved_ids", "unresolved_ids", "error_ids", "schema_version",
    ]);
    const csv = readFileSync(join(outputDir, "gold", "instances.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(7);
    expect(csv[1]).toMatch(/^sera-bench__csvlite-1,resolved,true,RESOLVED_FULL,true,/);
    expect(readFileSync(join(outputDir, "gold", "predictions.jsonl"), "utf8").trim().split("\n")).toHaveLength(6);
    const meta = JSON.parse(readFileSync(join(outputDir, "gold", "run.json"), "utf8")) as Record<string, unknown>;
    expect(meta).toMatchObject({ kind: "eval", run_id: "gold", model_name: "gold", dataset: SAMPLE_DIR });
    expect(typeof meta.finished_at).toBe("string");
  });

  it("writes run_instance.log as upstream does: the diff before the script (the patch alone), then the runtime, then the diff after", () => {
    const log = readFileSync(join(outputDir, "gold", "logs", "sera-bench__semver-1", "run_instance.log"), "utf8");
    const order = [
      ">>>>> Applied Patch:", "Git diff before:\ndiff --git a/semver/version.py", "Test runtime: ",
      "Git diff after:\ndiff --git a/semver/version.py", "Git diff changed after running eval script", "Result for sera-bench__semver-1: resolved: true",
    ];
    const at = order.map((text) => log.indexOf(text));
    expect(at.map((index, i) => (index < 0 ? order[i] : "found"))).toEqual(order.map(() => "found"));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(log.slice(at[1], at[2])).not.toContain("tests/test_version.py");
    expect(log.slice(at[3], at[4])).toContain("tests/test_version.py");
    expect(log).not.toMatch(/--- sera-bench [0-9a-f-]{36} ---/);
    // A container made ready while the instance waited for its slot was pulled, created and given its
    // inputs off the clock: then "create" is the wait for it, and "pull" and "copy" are not timed.
    const phases = Object.keys(gold.results[0]?.timings_ms ?? {});
    const all = ["prepare", "pull", "create", "copy", "apply", "eval", "diff", "grade", "remove"];
    expect(phases).toEqual(all.filter((phase) => phases.includes(phase)));
    expect(phases).toEqual(expect.arrayContaining(["prepare", "create", "apply", "eval", "diff", "grade", "remove"]));
  });

  it("leaves the wrong fixes unresolved", async () => {
    const wrong = await evalSample({ predictions: predictions("wrong.jsonl"), runId: "wrong", outputDir });
    expect(wrong.report.unresolved_ids).toEqual([...SAMPLE_IDS]);
    expect(wrong.report.resolved_instances).toBe(0);
    expect(existsSync(join(outputDir, "wrong", "sample__wrong-fixes.wrong.json"))).toBe(true);
  });

  it("makes a patch that does not apply an error with its reason, and counts empty patches as empty", async () => {
    const run = await evalSample({ predictions: predictions("does-not-apply.jsonl"), runId: "stale", outputDir });
    expect(run.report.error_ids).toEqual(["sera-bench__intervals-1"]);
    expect(run.report.empty_patch_instances).toBe(5);
    const failed = run.results.find((r) => r.instance_id === "sera-bench__intervals-1");
    expect(failed?.error).toMatch(/^patch did not apply \(3 methods tried\): /);
    const log = readFileSync(join(outputDir, "stale", "logs", "sera-bench__intervals-1", "run_instance.log"), "utf8");
    expect(log).toContain("Failed to apply patch to container: git apply --verbose /tmp/patch.diff");
    expect(log).toContain(">>>>> Patch Apply Failed:");
    expect(existsSync(join(outputDir, "stale", "logs", "sera-bench__intervals-1", "report.json"))).toBe(false);
  });

  it("says why a fabricated binary patch does not apply: git's own error, not the fallback's 'patching file'", async () => {
    const patch = [
      "diff --git a/semver/version.py b/semver/version.py", "--- a/semver/version.py", "+++ b/semver/version.py", "@@ -1,1 +1,1 @@", "-no such line", "+x = 1",
      "diff --git a/logo.png b/logo.png", "new file mode 100644", `index ${"0".repeat(40)}..${"1234567890abcdef".repeat(2)}12345678`,
      "GIT binary patch", "literal 20", "zcmZ?wbhEHbRAOLZXklRZ;K0DZ%kiH@ZU6uP", "", "literal 0", "HcmV?d00001", "", "",
    ].join("\n");
    const file = join(outputDir, "binary.jsonl");
    writeFileSync(file, `${JSON.stringify({ instance_id: "sera-bench__semver-1", model_name_or_path: "fabricated", model_patch: patch })}\n`);
    const run = await evalSample({ predictions: file, runId: "binary", outputDir, selection: { instanceIds: ["sera-bench__semver-1"] } });
    expect(run.results[0]?.error).toBe("patch did not apply (3 methods tried): error: corrupt binary patch at line 12: zcmZ?wbhEHbRAOLZXklRZ;K0DZ%kiH@ZU6uP");
  });

  it("counts null and empty patches as empty without running them", async () => {
    const run = await evalSample({ predictions: predictions("empty.jsonl"), runId: "empty", outputDir });
    expect(run.report.empty_patch_ids).toEqual([...SAMPLE_IDS]);
    expect(run.report.completed_instances).toBe(0);
    expect(existsSync(join(outputDir, "empty", "logs"))).toBe(false);
  });

  it("resumes: a second invocation of a run id evaluates nothing again and reports the same", async () => {
    const before = readFileSync(join(outputDir, "gold", "logs", "sera-bench__rational-1", "result.json"), "utf8");
    const again = await evalSample({ predictions: "gold", runId: "gold", outputDir });
    expect(again.report).toEqual(gold.report);
    expect(readFileSync(join(outputDir, "gold", "logs", "sera-bench__rational-1", "result.json"), "utf8")).toBe(before);
  });

  it("--redo evaluates again; a narrower selection (-i one) works on that one and the run keeps its 6", async () => {
    const startedAt = (id: string) => (JSON.parse(readFileSync(join(outputDir, "gold", "logs", id, "result.json"), "utf8")) as { started_at: string }).started_at;
    const before = SAMPLE_IDS.map(startedAt);
    const notices: string[] = [];
    const redone = await evalSample({ predictions: "gold", runId: "gold", outputDir, redo: true, selection: { instanceIds: ["sera-bench__rational-1"] } }, (line) => notices.push(line));
    expect(redone.report).toMatchObject({ total_instances: 6, submitted_instances: 6, completed_instances: 6, resolved_ids: [...SAMPLE_IDS] });
    expect(SAMPLE_IDS.map((id, i) => startedAt(id) !== before[i])).toEqual(SAMPLE_IDS.map((id) => id === "sera-bench__rational-1"));
    expect(readFileSync(join(outputDir, "gold", "instances.csv"), "utf8").trim().split("\n")).toHaveLength(7);
    expect((JSON.parse(readFileSync(join(outputDir, "gold", "run.json"), "utf8")) as { instance_ids: string[] }).instance_ids).toEqual([...SAMPLE_IDS]);
    expect(notices).toContain("run gold holds 6 instances; this invocation works on the 1 selected, and its report covers all 6 (a run never shrinks: use another --run-id for a smaller set)");
  });

  it("generated eval scripts give the same verdicts as the dataset's", async () => {
    const generated = await evalSample({ predictions: "gold", runId: "gold-generated", outputDir, generate: true });
    expect(generated.report.resolved_ids).toEqual(gold.report.resolved_ids);
  });

  it("--eval-scripts v4.1.0 runs v4.1.0's scripts as they were (the test patch's new file is not reset), records it, same verdicts", async () => {
    const v410 = await evalSample({ predictions: "gold", runId: "gold-v410", outputDir, evalScripts: "v4.1.0" });
    expect(v410.report.resolved_ids).toEqual(gold.report.resolved_ids);
    const rows = await loadDataset({ dataset: SAMPLE_DIR });
    for (const row of rows) {
      const evalSh = readFileSync(join(outputDir, "gold-v410", "logs", row.instance_id, "eval.sh"), "utf8");
      expect(evalSh, row.instance_id).toBe(generateEvalScript(row, { rules: "v4.1.0" }));
      // Only semver-1's test patch creates a file: only its script differs from the dataset's.
      expect(evalSh === row.eval_script, row.instance_id).toBe(row.instance_id !== "sera-bench__semver-1");
    }
    const meta = JSON.parse(readFileSync(join(outputDir, "gold-v410", "run.json"), "utf8")) as { options: Record<string, unknown> };
    expect(meta.options.eval_scripts).toBe("v4.1.0");
    const goldMeta = JSON.parse(readFileSync(join(outputDir, "gold", "run.json"), "utf8")) as { options: Record<string, unknown> };
    expect(goldMeta.options.eval_scripts).toBe("current");
  });

  it("leaves no container behind", async () => {
    // This file's runs only: another checkout's tests or runs may share the engine.
    const mine = new Set(["gold", "wrong", "stale", "binary", "empty", "gold-generated", "gold-v410"]);
    const left = await testEngine().listByLabels({ "sera-bench": "1", "sera-bench.role": "eval" });
    expect(left.filter((c) => mine.has(c.labels["sera-bench.run-id"] ?? ""))).toEqual([]);
  });
});
