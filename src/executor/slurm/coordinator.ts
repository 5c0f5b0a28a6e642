import type { Instance } from "../../dataset/row.ts";
import { noticeOf } from "../../run/events.ts";
import type { RunEvents } from "../../run/events.ts";
import { evalPlanOf, evalRun } from "../../run/eval-run.ts";
import type { EvalRunOptions, EvalRunSummary } from "../../run/eval-run.ts";
import { readResult } from "../../run/finalize.ts";
import { jobKindFor } from "../../run/jobs/job-kinds.ts";
import type { OpenedJobKind } from "../../run/jobs/job-kind.ts";
import type { RunLayout } from "../../run/layout.ts";
import { newPlan, shardIds, writePlanFiles } from "../../run/plan-file.ts";
import type { PlanFile } from "../../run/plan-file.ts";
import { withRun } from "../../run/prepare.ts";
import { enginePoolFor } from "../../sandbox/engines.ts";
import { optional } from "../../util/optional.ts";
import { sbatch } from "./commands.ts";
import { clearTaskFiles, followShards, unfinishedIds } from "./follow.ts";
import type { ShardState } from "./follow.ts";
import { sbatchArgs } from "./settings.ts";
import type { SlurmSettings } from "./settings.ts";
import { writeTaskScript } from "./task-script.ts";
import { SeraBenchError } from "../../util/errors.ts";

/**
 * `eval --executor slurm`: prepare the run as the local executor does, write what workers need into
 * the run folder, submit one array job (one task per shard with work left), follow it (resubmitting
 * shards whose task failed or was cancelled), and write the reports from the per-instance files.
 * The coordinator runs no container: it may run on a login node without an engine.
 */
export async function runSlurmEvaluation(options: EvalRunOptions, events: RunEvents, settings: SlurmSettings): Promise<EvalRunSummary> {
  checkShards(settings);
  const notice = noticeOf(events);
  const { spec, steps } = evalRun(options, notice);
  return withRun(spec, {
    engines: [], onNotice: notice, ...steps,
    execute: async (prepared) => {
      const plan = newPlan("eval", options.runId, options.redo, settings, evalPlanOf(options));
      return coordinateShards({
        runDir: prepared.layout.runDir, plan, rows: prepared.selected, settings, onNotice: notice,
        onOpened: (ids, done) => events.onStart?.(prepared.selected.length, prepared.selected.length - ids.length + done.size),
        onDone: (id) => reportEvaluated(prepared.layout, plan, id, events),
        ...optional("signal", events.signal),
      });
    },
  });
}

export function checkShards(settings: SlurmSettings): void {
  if (!Number.isInteger(settings.shards) || settings.shards < 1) throw new SeraBenchError(`--shards: expected a whole number >= 1, got ${settings.shards}`);
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
  const job = await jobKindFor(plan.kind).open({ runDir: run.runDir, plan, rows: run.rows, pool: enginePoolFor([], 1), labels: {}, onNotice: notice });
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
    ...optional("signal", run.signal),
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

/** An instance's evaluation of this invocation, read from the run folder as the workers wrote it. */
export async function reportEvaluated(layout: RunLayout, plan: PlanFile, id: string, events: RunEvents, after = 0): Promise<void> {
  const result = await readResult(layout, id);
  if (result !== undefined && Date.parse(result.started_at) >= (after || Date.parse(plan.created_at))) events.onEvaluated?.(result);
}
