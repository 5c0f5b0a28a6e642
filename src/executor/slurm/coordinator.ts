import { readFile } from "node:fs/promises";
import type { Instance } from "../../dataset/row.ts";
import { withPreparedRun } from "../../run/eval-run.ts";
import type { EvalRunHooks, EvalRunOptions, EvalRunSummary, PreparedRun } from "../../run/eval-run.ts";
import type { InstanceResult } from "../../evaluation/outcome.ts";
import { enginePoolFor } from "../../sandbox/engines.ts";
import { jobKindFor } from "../../run/jobs/job-kinds.ts";
import type { OpenedJobKind } from "../../run/jobs/job-kind.ts";
import { executorPaths, newToken, shardIds, writePlanFiles } from "../../run/plan-file.ts";
import type { ExecutorPaths, PlanFile } from "../../run/plan-file.ts";
import { sbatch } from "./commands.ts";
import { clearTaskFiles, followShards, unfinishedIds } from "./follow.ts";
import type { ShardState } from "./follow.ts";
import { sbatchArgs } from "./settings.ts";
import type { SlurmSettings } from "./settings.ts";
import { writeTaskScript } from "./task-script.ts";

export type SlurmRunHooks = Omit<EvalRunHooks, "engine" | "pool" | "afterInstance" | "grade">;

/**
 * `eval --executor slurm`: prepare the run as the local executor does, write what workers need into
 * the run folder, submit one array job (one task per shard with work left), follow it (resubmitting
 * shards whose task failed or was cancelled), and write the reports from the per-instance files.
 * The coordinator runs no container: it may run on a login node without an engine.
 */
export async function runSlurmEvaluation(options: EvalRunOptions, hooks: SlurmRunHooks, settings: SlurmSettings): Promise<EvalRunSummary> {
  checkShards(settings);
  const notice = hooks.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`));
  return withPreparedRun(options, { ...hooks, pool: null }, async (prepared) => {
    const evalPlan = { timeout_seconds: options.timeoutSeconds, generate: options.generate, naming: { ...options.naming }, limits: { ...options.limits } };
    const plan = basePlan("eval", options.runId, options.redo, settings, evalPlan);
    hooks.onStart?.(prepared.plan, prepared.selected.length);
    return coordinateShards({
      runDir: prepared.layout.runDir, plan, rows: prepared.selected, settings, onNotice: notice,
      onDone: (id) => reportDone(prepared, id, hooks, executorPaths(prepared.layout.runDir)),
      ...(hooks.signal === undefined ? {} : { signal: hooks.signal }),
    });
  });
}

export function checkShards(settings: SlurmSettings): void {
  if (!Number.isInteger(settings.shards) || settings.shards < 1) throw new Error(`--shards: expected a whole number >= 1, got ${settings.shards}`);
}

/** The fields every job kind's plan has; a kind adds its own section (e.g. `agent`). */
export function basePlan(kind: string, runId: string, redo: boolean, settings: SlurmSettings, evalPlan: PlanFile["eval"]): PlanFile {
  return {
    format: 1, kind, run_id: runId, created_at: new Date().toISOString(), token: newToken(),
    shards: settings.shards, redo, task_workers: settings.taskWorkers,
    docker_hosts: settings.dockerHosts.map((host) => ({ ...host })), image_budget_bytes: settings.imageBudgetBytes, eval: evalPlan,
  };
}

export interface ShardedRun {
  readonly runDir: string;
  readonly plan: PlanFile;
  /** The selected dataset rows (executor/instances.jsonl). */
  readonly rows: readonly Instance[];
  readonly settings: SlurmSettings;
  /** Once the job kind is open, before anything is submitted: the instances, and those done already. */
  readonly onOpened?: (ids: readonly string[], done: ReadonlySet<string>) => void;
  /** An instance became done (as the job kind's isDone says). */
  readonly onDone: (id: string) => Promise<void>;
  readonly onNotice: (line: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * Any job kind: write the plan files, submit one array task per shard with work left, and follow
 * the tasks to the end (resubmitting failed or cancelled shards). Nothing is submitted when every
 * instance is done already. Returns true when interrupted or when a shard was given up.
 */
export async function coordinateShards(run: ShardedRun): Promise<boolean> {
  const { plan, settings, onNotice: notice } = run;
  const paths = await writePlanFiles(run.runDir, plan, run.rows);
  const job = await jobKindFor(plan.kind).open({ runDir: run.runDir, plan, pool: enginePoolFor([], 1), labels: {}, onNotice: notice });
  const shards = await shardsWithWork(job, plan.shards);
  if (run.onOpened !== undefined) run.onOpened(job.instanceIds, await doneIds(job));
  if (shards.length === 0) return false;
  const script = await writeTaskScript({ runDir: run.runDir, shards: plan.shards, node: settings.node, cli: settings.cli });
  const submit = async (which: readonly ShardState[]) => {
    const args = sbatchArgs(settings, { runId: plan.run_id, tasks: which.map((s) => s.index), output: paths.taskOutput("%A_%a"), token: plan.token });
    const jobId = await sbatch([...args, script]);
    notice(`submitted Slurm job ${jobId} (array tasks ${which.map((s) => s.index).join(",")} of ${plan.shards})`);
    return jobId;
  };
  for (const shard of shards) await clearTaskFiles(shard.index, paths);
  const jobId = await submit(shards);
  for (const shard of shards) Object.assign(shard, { jobId, submissions: 1 });
  return followShards(shards, {
    job, paths, maxResubmits: settings.maxResubmits, pollMs: settings.pollMs, submit, onNotice: notice, onDone: run.onDone,
    ...(run.signal === undefined ? {} : { signal: run.signal }),
  });
}

async function doneIds(job: OpenedJobKind): Promise<Set<string>> {
  const done = new Set<string>();
  for (const id of job.instanceIds) if (await job.isDone(id)) done.add(id);
  return done;
}

async function shardsWithWork(job: OpenedJobKind, count: number): Promise<ShardState[]> {
  const shards: ShardState[] = [];
  for (let index = 0; index < count; index++) {
    const shard: ShardState = { index, ids: shardIds(job.instanceIds, index, count), submissions: 0, seenRunning: false, absentPolls: 0 };
    if ((await unfinishedIds(shard, job)).length > 0) shards.push(shard);
  }
  return shards;
}

async function reportDone(prepared: PreparedRun, id: string, hooks: SlurmRunHooks, paths: ExecutorPaths): Promise<void> {
  if (!prepared.plan.jobs.some((job) => job.instance.instance_id === id)) return;
  try {
    const result = JSON.parse(await readFile(prepared.layout.instanceFile(id, "result.json"), "utf8")) as InstanceResult;
    hooks.onInstanceDone?.(result);
  } catch {
    hooks.onNotice?.(`${id}: done, but its result.json could not be read (see ${paths.dir})`);
  }
}
