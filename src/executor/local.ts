import { noticeOf } from "../run/events.ts";
import type { RunEvents } from "../run/events.ts";
import { agentRun } from "../run/agent-run.ts";
import type { AgentRunOptions, AgentRunOutput } from "../run/agent-run.ts";
import { evalPlanOf, evalRun } from "../run/eval-run.ts";
import type { EvalRunOptions, EvalRunSummary } from "../run/eval-run.ts";
import type { WorkerRollout } from "../run/jobs/agent-context.ts";
import { agentJobKind } from "../run/jobs/agent-job.ts";
import type { AgentPlan } from "../run/jobs/agent-plan.ts";
import { evalJobKind } from "../run/jobs/eval-job.ts";
import type { JobKind } from "../run/jobs/job-kind.ts";
import type { RunLayout } from "../run/layout.ts";
import { newPlan } from "../run/plan-file.ts";
import type { PlanFile } from "../run/plan-file.ts";
import { withRun } from "../run/prepare.ts";
import type { PreparedRun } from "../run/prepare.ts";
import { singleEnginePool } from "../sandbox/engine-pool.ts";
import type { EnginePool } from "../sandbox/engine-pool.ts";
import { sweepRunContainers } from "../sandbox/sweep.ts";
import type { SandboxEngine } from "../sandbox/types.ts";
import { runShard, stopFollowing } from "./shard.ts";
import { SeraBenchError } from "../util/errors.ts";
import { optional } from "../util/optional.ts";

export interface LocalEngines {
  /** Where instances run (default: `engine` with the run's --workers). */
  readonly pool?: EnginePool;
  readonly engine?: SandboxEngine;
  readonly imageBudgetBytes?: number | null;
}

/** `eval` on this machine. */
export async function runEvaluation(options: EvalRunOptions, hooks: RunEvents & LocalEngines): Promise<EvalRunSummary> {
  const pool = poolOf(hooks, options.workers);
  const notice = noticeOf(hooks);
  const { spec, steps } = evalRun(options, notice);
  return withRun(spec, {
    engines: pool.engines, onNotice: notice, ...steps,
    execute: (prepared) => {
      const plan = newPlan("eval", options.runId, options.redo, spread(pool, hooks), evalPlanOf(options));
      return executeLocally({ job: evalJobKind, plan, prepared, pool, events: hooks, resumed: (n) => `${n} instance(s) already have a report (resuming; --redo to re-run them)` });
    },
  });
}

export interface LocalAgentRun extends RunEvents, LocalEngines {
  /** The plan's agent section (what a Slurm worker would rebuild the rollout from). */
  readonly agent: AgentPlan;
  readonly eval: PlanFile["eval"];
  /** The model, tools and limits, ready (the model is connected here). */
  readonly rollout: WorkerRollout;
  /** `run`: evaluations at once, on their own slots of the first engine. */
  readonly evalWorkers?: number;
}

export interface AgentRunSummary extends AgentRunOutput {
  readonly layout: RunLayout;
  readonly interrupted: boolean;
}

/** `infer` / `run` on this machine: rollouts on --workers slots, evaluations on --eval-workers more. */
export async function runAgents(options: AgentRunOptions, run: LocalAgentRun): Promise<AgentRunSummary> {
  const pool = poolOf(run, options.workers);
  const evalPool = options.kind === "run" ? singleEnginePool(pool.engines[0] as SandboxEngine, run.evalWorkers ?? 2) : undefined;
  const notice = noticeOf(run);
  const { spec, steps } = agentRun(options, run.agent.model_name);
  return withRun(spec, {
    engines: pool.engines, onNotice: notice, ...steps,
    execute: (prepared) => {
      const plan: PlanFile = { ...newPlan("agent", options.runId, options.redo, spread(pool, run), run.eval), agent: run.agent };
      return executeLocally({ job: agentJobKind, plan, prepared, pool, ...optional("evalPool", evalPool), rollout: run.rollout, events: run });
    },
  });
}

function poolOf(engines: LocalEngines, workers: number): EnginePool {
  if (engines.pool !== undefined) return engines.pool;
  if (engines.engine === undefined) throw new SeraBenchError("the local executor needs an engine or an engine pool");
  return singleEnginePool(engines.engine, workers);
}

function spread(pool: EnginePool, engines: LocalEngines) {
  return { shards: 1, taskWorkers: pool.capacity, dockerHosts: [], imageBudgetBytes: engines.imageBudgetBytes ?? null };
}

/**
 * Any job kind on this machine: a worker with one shard, its plan in memory. The run's containers
 * are swept on a stop, so the instances in flight end and run again next time.
 */
async function executeLocally(input: {
  readonly job: JobKind; readonly plan: PlanFile; readonly prepared: PreparedRun; readonly pool: EnginePool; readonly evalPool?: EnginePool;
  readonly rollout?: WorkerRollout; readonly events: RunEvents; readonly resumed?: (done: number) => string;
}): Promise<boolean> {
  const { prepared, plan, events } = input;
  const stop = stopFollowing(events.signal);
  const job = await input.job.open({
    runDir: prepared.layout.runDir, plan, rows: prepared.selected, pool: input.pool, labels: {}, onNotice: noticeOf(events), signal: stop.signal, events,
    ...optional("evalPool", input.evalPool), ...optional("rollout", input.rollout),
  });
  let todo = 0;
  for (const id of job.instanceIds) if (!(await job.isDone(id))) todo++;
  events.onStart?.(prepared.selected.length, prepared.selected.length - todo);
  const resumed = job.instanceIds.length - todo;
  if (resumed > 0 && input.resumed !== undefined) noticeOf(events)(input.resumed(resumed));
  const engines = [...input.pool.engines, ...(input.evalPool?.engines ?? [])];
  const sweep = async () => void (await Promise.all(engines.map((engine) => sweepRunContainers(engine, plan.run_id))));
  return (await runShard(job, job.instanceIds, stop, sweep)).interrupted;
}
