import { hostname } from "node:os";
import { z } from "zod";
import { writeJsonAtomic } from "../util/fs-atomic.ts";
import { redactSecrets } from "../util/secrets.ts";
import { removeOwnContainers, sweepRunContainers } from "../sandbox/cleanup.ts";
import { BackgroundRemovals } from "../sandbox/removals.ts";
import type { DockerEngine } from "../sandbox/docker/engine.ts";
import type { EnginePool } from "../sandbox/engine-pool.ts";
import { enginePoolFor, pingAll } from "../sandbox/engines.ts";
import { jobKindFor } from "../run/jobs/job-kinds.ts";
import { checkToken, executorPaths, readPlanFile, readPlanInstances, shardIds } from "../run/plan-file.ts";
import { runShard, stopFollowing } from "./shard.ts";
import { SeraBenchError } from "../util/errors.ts";

export const LABEL_SHARD = "sera-bench.shard";

export interface WorkerOptions {
  readonly runDir: string;
  readonly shard: { readonly index: number; readonly count: number };
  /** The token the coordinator handed the task (SERA_BENCH_RUN_TOKEN); checked against the folder's. */
  readonly token?: string;
  /** Engines to use instead of the plan's (tests). */
  readonly pool?: EnginePool<DockerEngine>;
  readonly signal?: AbortSignal;
  readonly onNotice?: (line: string) => void;
}

/** `executor/tasks/<K>.json`: written by the worker of shard K, read by the coordinator. */
export const taskStatusSchema = z.object({
  shard: z.number(),
  state: z.enum(["running", "finished", "failed"]),
  host: z.string(),
  pid: z.number(),
  started_at: z.string(),
  finished_at: z.string().optional(),
  ran: z.number().optional(),
  skipped: z.number().optional(),
  error: z.string().optional(),
});
export type TaskStatus = z.infer<typeof taskStatusSchema>;

/**
 * `sera-bench worker --run-dir DIR --shard K/N`: run the unfinished instances of shard K on this
 * node's engine(s). Everything comes from DIR; progress is the per-instance result files.
 */
export async function runWorker(options: WorkerOptions): Promise<{ ran: number; skipped: number; interrupted: boolean }> {
  const notice = options.onNotice ?? ((line: string) => process.stderr.write(`${redactSecrets(line)}\n`));
  const plan = await readPlanFile(options.runDir);
  await checkToken(options.runDir, plan, options.token);
  if (plan.shards !== options.shard.count) throw new SeraBenchError(`--shard ${options.shard.index}/${options.shard.count}: the plan has ${plan.shards} shards`);
  const paths = executorPaths(options.runDir);
  const status: TaskStatus = { shard: options.shard.index, state: "running", host: hostname(), pid: process.pid, started_at: new Date().toISOString() };
  await writeJsonAtomic(paths.taskStatus(options.shard.index), status, 2);
  try {
    const pool = options.pool ?? enginePoolFor(plan.docker_hosts, plan.task_workers);
    await pingAll(pool, `node ${hostname()}`);
    const shardLabel = { [LABEL_SHARD]: String(options.shard.index) };
    await Promise.all(pool.engines.map((engine) => sweepRunContainers(engine, plan.run_id, shardLabel)));
    const removeOwn = () => Promise.all(pool.engines.map((engine) => removeOwnContainers(engine, plan.run_id, shardLabel))).then(() => undefined);
    const stop = stopFollowing(options.signal);
    const rows = await readPlanInstances(options.runDir);
    const removals = new BackgroundRemovals();
    const job = await jobKindFor(plan.kind).open({ runDir: options.runDir, plan, rows, pool, labels: shardLabel, onNotice: notice, signal: stop.signal, removals });
    const outcome = await runShard(job, shardIds(job.instanceIds, options.shard.index, plan.shards), stop, removeOwn).finally(() => removals.settled());
    const finished: TaskStatus = { ...status, state: "finished", finished_at: new Date().toISOString(), ran: outcome.ran, skipped: outcome.skipped };
    await writeJsonAtomic(paths.taskStatus(options.shard.index), finished, 2);
    return outcome;
  } catch (error) {
    const failed: TaskStatus = { ...status, state: "failed", finished_at: new Date().toISOString(), error: error instanceof Error ? error.message : String(error) };
    await writeJsonAtomic(paths.taskStatus(options.shard.index), failed, 2).catch(() => undefined);
    throw error;
  }
}
