import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { DEFAULT_IMAGE_NAMING } from "../../src/evaluation/image-name.ts";
import type { EvalRunOptions } from "../../src/run/eval-run.ts";
import type { SlurmSettings } from "../../src/executor/slurm/settings.ts";
import { requireCommands } from "./test-deps.ts";

/**
 * A one-node Slurm cluster answering: scripts/ensure-slurm.sh starts munged, slurmctld and slurmd
 * when none answers (they keep running after the suite; see the README's set-up section). The
 * packages themselves come from scripts/ensure-test-deps.sh (npm test), never from a test.
 */
export function ensureSlurm(): void {
  requireCommands("munge", "munged");
  requireCommands("slurm-wlm", "slurmctld", "slurmd", "sinfo", "sbatch", "scancel");
  execFileSync("bash", ["scripts/ensure-slurm.sh"], { stdio: "inherit" });
}

/** bin/sera-bench.js (SERA_BENCH_CLI may point elsewhere while a command is not registered yet). */
export const CLI = resolve(process.env.SERA_BENCH_CLI ?? "bin/sera-bench.js");

export function sampleOptions(runId: string, outputDir: string, predictions: string): EvalRunOptions {
  return {
    dataset: "instances/sample", split: "test", predictions, runId, selection: {}, workers: 1, timeoutSeconds: 600,
    naming: DEFAULT_IMAGE_NAMING, outputDir, redo: false, generate: false, limits: {},
  };
}

export function slurmSettings(overrides: Partial<SlurmSettings> = {}): SlurmSettings {
  return {
    shards: 2, taskWorkers: 1, dockerHosts: [], imageBudgetBytes: null, sbatchArgs: [], maxResubmits: 2, pollMs: 300,
    node: process.execPath, cli: CLI, ...overrides,
  };
}
