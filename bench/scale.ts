/**
 * npm run bench:scale — the sample's gold patches through the local executor and through the
 * one-node Slurm cluster at N = 1, 2, 4 shards; prints wall time and the scheduling overhead per
 * instance (Slurm wall time minus local wall time, divided by the instances). Figures only.
 *
 *   npm run bench:scale -- [--shards 1,2,4]
 */
import { execFileSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_IMAGE_NAMING } from "../src/evaluation/image-name.ts";
import { runEvaluation } from "../src/executor/executors.ts";
import type { EvalRunOptions } from "../src/run/eval-run.ts";
import { runSlurmEvaluation } from "../src/executor/executors.ts";
import { DockerEngine } from "../src/sandbox/docker/engine.ts";

const { values } = parseArgs({ options: { shards: { type: "string", default: "1,2,4" } } });
const shardCounts = values.shards.split(",").map(Number);
execFileSync("bash", ["scripts/ensure-docker.sh"], { stdio: "inherit" });
execFileSync("bash", ["scripts/ensure-slurm.sh"], { stdio: "inherit" });
execFileSync(process.execPath, ["bin/sera-bench.js", "images", "build-sample"], { stdio: "inherit" });
const outputDir = await mkdtemp(join(tmpdir(), "sera-bench-scale-"));

const options = (runId: string): EvalRunOptions => ({
  dataset: "instances/sample", split: "test", predictions: "gold", runId, selection: {}, workers: 1, timeoutSeconds: 1800,
  naming: DEFAULT_IMAGE_NAMING, outputDir, redo: true, generate: false, limits: {},
});

async function timed(run: () => Promise<{ results: readonly { status: string }[] }>): Promise<{ ms: number; count: number }> {
  const started = performance.now();
  const summary = await run();
  const bad = summary.results.filter((r) => r.status !== "resolved");
  if (bad.length > 0) throw new Error(`gold run not fully resolved (${bad.length} not resolved)`);
  return { ms: performance.now() - started, count: summary.results.length };
}

const rows: string[] = [];
for (const shards of shardCounts) {
  const local = await timed(() => runEvaluation({ ...options(`local-${shards}`), workers: shards }, { engine: new DockerEngine(), onNotice: () => undefined }));
  const slurm = await timed(() => runSlurmEvaluation(options(`slurm-${shards}`), { onNotice: () => undefined }, {
    shards, taskWorkers: 1, dockerHosts: [], imageBudgetBytes: null, sbatchArgs: [], maxResubmits: 0, pollMs: 250,
    node: process.execPath, cli: resolve(process.env.SERA_BENCH_CLI ?? "bin/sera-bench.js"),
  }));
  const overhead = (slurm.ms - local.ms) / slurm.count;
  rows.push(`${String(shards).padStart(6)}  ${(local.ms / 1000).toFixed(1).padStart(9)} s  ${(slurm.ms / 1000).toFixed(1).padStart(9)} s  ${(overhead / 1000).toFixed(2).padStart(8)} s`);
}
console.log(`\nsample (6 instances, gold); local executor with workers = N vs Slurm with N shards x 1 worker (${process.env.SLURM_CONF ?? "/etc/slurm/slurm.conf"})`);
console.log(`shards  local wall  slurm wall  overhead/instance`);
console.log(rows.join("\n"));
