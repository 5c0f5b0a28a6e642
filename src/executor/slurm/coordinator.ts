import { noticeOf } from "../../run/events.ts";
import type { RunEvents } from "../../run/events.ts";
import { readResult, resumedCounts } from "../../run/finalize.ts";
import { readFinishedRollout } from "../../run/jobs/agent-done.ts";
import { jobKindFor } from "../../run/jobs/job-kinds.ts";
import type { OpenedJobKind } from "../../run/jobs/job-kind.ts";
import type { RunLayout } from "../../run/layout.ts";
import { shardIds, writePlanFiles } from "../../run/plan-file.ts";
import type { PlanFile } from "../../run/plan-file.ts";
import type { PreparedRun } from "../../run/prepare.ts";
import { enginePoolFor } from "../../sandbox/engines.ts";
import { optional } from "../../util/optional.ts";
import { sbatch } from "./commands.ts";
import { clearTaskFiles, followShards } from "./follow.ts";
import type { ShardState } from "./follow.ts";
import { sbatchArgs } from "./settings.ts";
import type { SlurmSettings } from "./settings.ts";
import { writeTaskScript } from "./task-script.ts";
import { SeraBenchError } from "../../util/errors.ts";

export function checkShards(settings: SlurmSettings): void {
  if (!Number.isInteger(settings.shards) || settings.shards < 1) throw new SeraBenchError(`--shards: expected a whole number >= 1, got ${settings.shards}`);
}

export interface ShardedRun {
  readonly plan: PlanFile;
  readonly prepared: PreparedRun;
  readonly settings: SlurmSettings;
  readonly events: RunEvents;
}

/**
 * Any job kind as Slurm array tasks: write what workers need into the run folder, submit one array
 * job (one task per shard with work left), follow it (resubmitting shards whose task failed or was
 * cancelled) and report instances as their files appear. The coordinator runs no container: it may
 * run on a login node without an engine. Returns true when interrupted or when a shard was given up.
 */
export async function coordinateShards(run: ShardedRun): Promise<boolean> {
  const { plan, settings, prepared, events } = run;
  const notice = noticeOf(events);
  const { runDir } = prepared.layout;
  const paths = await writePlanFiles(runDir, plan, prepared.selected);
  const job = await jobKindFor(plan.kind).open({ runDir, plan, rows: prepared.selected, pool: enginePoolFor([], 1), labels: {}, onNotice: notice });
  const done = await doneIds(job);
  const shards = shardsWithWork(job.instanceIds, done, plan.shards);
  events.onStart?.(job.instanceIds.length, await resumedCounts(prepared.layout, done));
  if (shards.length === 0) return false;
  const script = await writeTaskScript({ runDir, shards: plan.shards, node: settings.node, cli: settings.cli });
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
    job, paths, maxResubmits: settings.maxResubmits, pollMs: settings.pollMs, submit, onNotice: notice,
    onDone: (id) => reportFromDisk(prepared.layout, plan, id, events), ...optional("signal", events.signal),
  });
}

async function doneIds(job: OpenedJobKind): Promise<Set<string>> {
  const done = new Set<string>();
  for (const id of job.instanceIds) if (await job.isDone(id)) done.add(id);
  return done;
}

function shardsWithWork(ids: readonly string[], done: ReadonlySet<string>, count: number): ShardState[] {
  const shards: ShardState[] = [];
  for (let index = 0; index < count; index++) {
    const shard: ShardState = { index, ids: shardIds(ids, index, count), submissions: 0, seenRunning: false, absentPolls: 0 };
    if (shard.ids.some((id) => !done.has(id))) shards.push(shard);
  }
  return shards;
}

/** What a worker finished in this invocation, read from the run folder: the rollout, then the evaluation. */
async function reportFromDisk(layout: RunLayout, plan: PlanFile, id: string, events: RunEvents): Promise<void> {
  let after = Date.parse(plan.created_at);
  if (plan.agent !== undefined) {
    const rollout = await readFinishedRollout(layout, id);
    if (rollout === undefined) return;
    if (rollout.startedAt >= after) events.onRolloutDone?.(rollout.result);
    if (plan.agent.command === "infer") return;
    after = Math.max(after, rollout.finishedAt);
  }
  const result = await readResult(layout, id);
  if (result !== undefined && Date.parse(result.started_at) >= after) events.onEvaluated?.(result);
}
