import { noticeOf } from "../run/events.ts";
import { keptResolved, resumedCounts } from "../run/finalize.ts";
import { repeatCount } from "../run/jobs/repeats.ts";
import type { RunEvents } from "../run/events.ts";
import type { WorkerRollout } from "../run/jobs/agent-context.ts";
import { jobKindFor } from "../run/jobs/job-kinds.ts";
import type { PlanFile } from "../run/plan-file.ts";
import type { PreparedRun } from "../run/prepare.ts";
import type { EnginePool } from "../sandbox/engine-pool.ts";
import { removeOwnContainers } from "../sandbox/cleanup.ts";
import { BackgroundRemovals } from "../sandbox/removals.ts";
import { optional } from "../util/optional.ts";
import { runShard, stopFollowing } from "./shard.ts";

/** What only this machine has: the agent's model at hand, and the evaluations' own slots (`run`). */
export interface LocalExtras {
  readonly rollout?: WorkerRollout;
  readonly evalPool?: EnginePool;
}

/**
 * Any job kind on this machine: a worker with one shard, its plan in memory. This process's
 * containers of the run are removed on a stop, so the instances in flight end and run again next time.
 */
export async function executeLocally(input: LocalExtras & {
  readonly plan: PlanFile; readonly prepared: PreparedRun; readonly pool: EnginePool; readonly events: RunEvents;
}): Promise<boolean> {
  const { prepared, plan, events } = input;
  const stop = stopFollowing(events.signal);
  const removals = new BackgroundRemovals();
  const job = await jobKindFor(plan.kind).open({
    runDir: prepared.layout.runDir, plan, rows: prepared.selected, pool: input.pool, labels: {}, onNotice: noticeOf(events), signal: stop.signal, events, removals,
    ...optional("evalPool", input.evalPool), ...optional("rollout", input.rollout),
  });
  const onTodo = async (todo: readonly string[]) => {
    const resumed = job.instanceIds.filter((id) => !todo.includes(id));
    const counts = await resumedCounts(prepared.layout, resumed);
    // --repeat: an instance to do whose official (first) evaluation is kept counts its verdict now.
    const kept = plan.redo || repeatCount(plan) <= 1 ? 0 : await keptResolved(prepared.layout, todo);
    events.onStart?.(job.instanceIds.length, { ...counts, resolved: counts.resolved + kept });
    if (resumed.length > 0 && plan.kind === "eval") noticeOf(events)(`${resumed.length} instance(s) already have a report (resuming; --redo to re-run them)`);
  };
  const engines = [...input.pool.engines, ...(input.evalPool?.engines ?? [])];
  const sweep = async () => void (await Promise.all(engines.map((engine) => removeOwnContainers(engine, plan.run_id))));
  try {
    return (await runShard(job, job.instanceIds, stop, sweep, onTodo)).interrupted;
  } finally {
    // Finished containers are removed in the background; none is left when the run returns.
    await removals.settled();
  }
}
