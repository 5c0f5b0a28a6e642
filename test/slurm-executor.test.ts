/**
 * The Slurm executor on a real one-node cluster (scripts/ensure-slurm.sh): the sample evaluates
 * with the local executor's verdicts, a task cancelled mid-run is resubmitted for its unfinished
 * instances only, a refused sbatch says why, and workers refuse a run folder they cannot trust.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./helpers/wait.ts";
import type { InstanceResult } from "../src/evaluation/outcome.ts";
import { runEvaluation } from "../src/executor/executors.ts";
import type { EvalRunSummary } from "../src/run/eval-run.ts";
import { executorPaths } from "../src/run/plan-file.ts";
import { runSlurmEvaluation } from "../src/executor/executors.ts";
import { runWorker } from "../src/executor/worker.ts";
import { testEngine } from "./helpers/docker.ts";
import { ensureSlurm, sampleOptions, slurmSettings } from "./helpers/slurm.ts";

let outputDir: string;

beforeAll(async () => {
  execFileSync("bash", ["scripts/ensure-docker.sh"], { stdio: "inherit" });
  execFileSync("npx", ["tsx", "src/cli/main.ts", "images", "build-sample"], { stdio: "inherit" });
  ensureSlurm();
  outputDir = await mkdtemp(join(tmpdir(), "sera-slurm-"));
});

function verdicts(summary: EvalRunSummary): Record<string, string> {
  return Object.fromEntries(summary.results.map((r) => [r.instance_id, `${r.status}/${r.v4?.resolution ?? "-"}/${r.strict?.resolved ?? "-"}`]));
}

describe("eval --executor slurm", () => {
  it("gives the local executor's verdicts, and a second invocation submits nothing", async () => {
    const predictions = "instances/sample/predictions/wrong.jsonl";
    const local = await runEvaluation(sampleOptions("local-wrong", outputDir, predictions), { engine: testEngine(), onNotice: () => undefined });
    const notices: string[] = [];
    const slurm = await runSlurmEvaluation(sampleOptions("slurm-wrong", outputDir, predictions), { onNotice: (line) => notices.push(line) }, slurmSettings());
    expect(slurm.interrupted).toBe(false);
    expect(notices.filter((line) => line.startsWith("submitted Slurm job"))).toHaveLength(1);
    expect(verdicts(slurm)).toEqual(verdicts(local));
    expect(Object.keys(verdicts(slurm))).toHaveLength(6);
    expect(slurm.report).toEqual(local.report);

    const again: string[] = [];
    const resumed = await runSlurmEvaluation(sampleOptions("slurm-wrong", outputDir, predictions), { onNotice: (line) => again.push(line) }, slurmSettings());
    expect(again.some((line) => line.startsWith("submitted"))).toBe(false);
    expect(verdicts(resumed)).toEqual(verdicts(local));
  });

  it("resubmits a task cancelled mid-run (scancel) for its unfinished instances only", async () => {
    const runId = "slurm-cancel";
    const paths = executorPaths(join(outputDir, runId));
    const notices: string[] = [];
    const doneBeforeCancel = new Map<string, string>();
    let cancelled = false;
    const cancelWhenRunning = async () => {
      const jobId = await waitFor(async () => {
        const id = notices.map((line) => /^submitted Slurm job (\d+)/.exec(line)?.[1]).find((found) => found !== undefined);
        const status = await readFile(paths.taskStatus(0), "utf8").catch(() => "");
        return status.includes('"running"') ? id : undefined;
      }, "shard 0 running");
      execFileSync("scancel", [`${jobId}_0`]);
      cancelled = true;
    };
    const watcher = cancelWhenRunning();
    const summary = await runSlurmEvaluation(
      sampleOptions(runId, outputDir, "gold"),
      { onNotice: (line) => notices.push(line), onEvaluated: (r: InstanceResult) => { if (!cancelled) doneBeforeCancel.set(r.instance_id, r.started_at); } },
      slurmSettings(),
    );
    await watcher;
    expect(notices.join("\n")).toMatch(/task \d+_0 ended CANCELLED; resubmitting shard 0/);
    expect(summary.interrupted).toBe(false);
    expect(summary.results.map((r) => r.status)).toEqual(Array(6).fill("resolved"));
    for (const [id, startedAt] of doneBeforeCancel) {
      const result = JSON.parse(await readFile(summary.layout.instanceFile(id, "result.json"), "utf8")) as InstanceResult;
      expect(result.started_at, `${id} was evaluated again`).toBe(startedAt);
    }
  });

  it("says why when sbatch refuses the job, and the run can be started again", async () => {
    const settings = slurmSettings({ sbatchArgs: ["--partition=no-such-partition"] });
    await expect(runSlurmEvaluation(sampleOptions("slurm-refused", outputDir, "gold"), { onNotice: () => undefined }, settings))
      .rejects.toThrow(/sbatch refused the job: .*partition/i);
    expect(existsSync(join(outputDir, "slurm-refused", ".lock"))).toBe(false);
  });
});

describe("sera-bench worker", () => {
  it("refuses a run folder without a plan, naming the shared filesystem", async () => {
    const runDir = join(outputDir, "no-plan");
    await mkdir(runDir, { recursive: true });
    await expect(runWorker({ runDir, shard: { index: 0, count: 1 } })).rejects.toThrow(/plan\.json does not exist on node .*filesystem every node shares/);
  });

  it("refuses a folder whose token is not the coordinator's", async () => {
    const runDir = join(outputDir, "slurm-wrong");
    await expect(runWorker({ runDir, shard: { index: 0, count: 2 }, token: "another-token" })).rejects.toThrow(/sees a different .*token/);
    const tokenless = join(outputDir, "tokenless");
    await mkdir(join(tokenless, "executor"), { recursive: true });
    await writeFile(join(tokenless, "executor", "plan.json"), await readFile(join(runDir, "executor", "plan.json")));
    await expect(runWorker({ runDir: tokenless, shard: { index: 0, count: 2 } })).rejects.toThrow(/filesystem every node shares/);
  });
});
