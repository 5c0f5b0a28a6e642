import type { HostSlots } from "../../sandbox/engines.ts";

/** How the coordinator asks Slurm for the work. */
export interface SlurmSettings {
  /** Array tasks (shards). */
  readonly shards: number;
  /** Instances one task runs at once (when no docker hosts are given). */
  readonly taskWorkers: number;
  readonly dockerHosts: readonly HostSlots[];
  readonly imageBudgetBytes: number | null;
  /** Same-error failures in a row that stop a worker's shard (see run/breaker.ts). */
  readonly maxConsecutiveFailures?: number;
  readonly partition?: string;
  readonly timeLimit?: string;
  readonly cpusPerTask?: number;
  readonly memory?: string;
  readonly sbatchArgs: readonly string[];
  /** How often a shard whose task failed or was cancelled is submitted again. */
  readonly maxResubmits: number;
  readonly pollMs: number;
  /** Paths valid on the nodes: the node binary and bin/sera-bench.js. */
  readonly node: string;
  readonly cli: string;
}

/** sbatch options for the array (not the script). Pure. */
export function sbatchArgs(settings: SlurmSettings, run: { runId: string; tasks: readonly number[]; output: string; token: string }): string[] {
  return [
    `--array=${run.tasks.join(",")}`,
    `--job-name=sera-bench-${run.runId}`,
    `--output=${run.output}`,
    `--export=ALL,SERA_BENCH_RUN_TOKEN=${run.token}`,
    ...(settings.partition === undefined ? [] : [`--partition=${settings.partition}`]),
    ...(settings.timeLimit === undefined ? [] : [`--time=${settings.timeLimit}`]),
    ...(settings.cpusPerTask === undefined ? [] : [`--cpus-per-task=${settings.cpusPerTask}`]),
    ...(settings.memory === undefined ? [] : [`--mem=${settings.memory}`]),
    ...settings.sbatchArgs,
  ];
}
