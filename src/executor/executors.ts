import { noticeOf } from "../run/events.ts";
import type { RunEvents } from "../run/events.ts";
import { agentRun } from "../run/agent-run.ts";
import type { AgentRunOptions, AgentRunOutput } from "../run/agent-run.ts";
import { evalPlanOf, evalRun } from "../run/eval-run.ts";
import type { EvalRunOptions, EvalRunSummary } from "../run/eval-run.ts";
import { rolloutFromPlan } from "../run/jobs/agent-context.ts";
import type { WorkerRollout } from "../run/jobs/agent-context.ts";
import { agentContainerLimits } from "../run/jobs/agent-plan.ts";
import type { AgentPlan } from "../run/jobs/agent-plan.ts";
import type { RunLayout } from "../run/layout.ts";
import { newPlan } from "../run/plan-file.ts";
import type { PlanFile, PlanSpread } from "../run/plan-file.ts";
import { withRun } from "../run/prepare.ts";
import type { PreparedRun } from "../run/prepare.ts";
import { EnginePool } from "../sandbox/engine-pool.ts";
import { enginePoolFor, pingAll } from "../sandbox/engines.ts";
import type { HostSlots } from "../sandbox/engines.ts";
import type { SandboxEngine } from "../sandbox/types.ts";
import { executeLocally } from "./local.ts";
import { optional } from "../util/optional.ts";
import type { LocalExtras } from "./local.ts";
import { checkShards, coordinateShards } from "./slurm/coordinator.ts";
import type { SlurmSettings } from "./slurm/settings.ts";

/** Where a run's instances run: this machine's engines (a worker with one shard), or Slurm array tasks. */
export type ExecutorChoice =
  | { readonly kind: "local"; readonly hosts?: readonly HostSlots[]; readonly pool?: EnginePool; readonly imageBudgetBytes?: number | null; readonly maxConsecutiveFailures?: number }
  | { readonly kind: "slurm"; readonly settings: SlurmSettings };

export interface AgentRunSummary extends AgentRunOutput {
  readonly layout: RunLayout;
  readonly interrupted: boolean;
}

/** `eval` on the chosen executor. */
export async function evaluateOn(choice: ExecutorChoice, options: EvalRunOptions, events: RunEvents): Promise<EvalRunSummary> {
  const target = await targetOf(choice, options.workers);
  const { spec, steps } = evalRun(options, noticeOf(events));
  return withRun(spec, {
    engines: target.engines, onNotice: noticeOf(events), ...steps,
    execute: (prepared, inputs) => execute(target, newPlan("eval", options.runId, options.redo, target.spread, evalPlanOf({ ...options, repeat: inputs.repeat })), prepared, events, {}),
  });
}

/**
 * `infer` / `run` on the chosen executor. The plan's sections say what runs per instance; on this
 * machine the rollout uses the agent config and the model already at hand (a Slurm worker rebuilds
 * them from the plan), and evaluations have their own `evalWorkers` slots.
 */
export async function runAgentsOn(
  choice: ExecutorChoice,
  options: AgentRunOptions,
  jobs: { readonly agent: AgentPlan; readonly eval: PlanFile["eval"] },
  local: Pick<WorkerRollout, "config" | "model" | "counter"> & { readonly evalWorkers: number },
  events: RunEvents,
): Promise<AgentRunSummary> {
  const target = await targetOf(choice, options.workers);
  // Only this machine uses the model at hand; a Slurm worker rebuilds the rollout from the plan.
  const first = target.engines[0];
  const extras: LocalExtras = target.choice.kind === "slurm" ? {} : {
    rollout: rolloutFromPlan(jobs.agent, local, agentContainerLimits(jobs.agent, jobs.eval.limits.network)),
    ...(options.kind === "run" && first !== undefined ? { evalPool: new EnginePool([{ engine: first, slots: local.evalWorkers }]) } : {}),
  };
  const { spec, steps } = agentRun(options, jobs, noticeOf(events));
  return withRun(spec, {
    engines: target.engines, onNotice: noticeOf(events), ...steps,
    execute: (prepared, inputs) => execute(target, { ...newPlan("agent", options.runId, options.redo, target.spread, { ...jobs.eval, repeat: inputs.repeat }), agent: jobs.agent }, prepared, events, extras),
  });
}

interface Target {
  readonly choice: ExecutorChoice;
  /** Local: the engines (their leftovers of the run are swept first); Slurm: none, its workers sweep their own. */
  readonly engines: readonly SandboxEngine[];
  readonly pool: EnginePool | undefined;
  readonly spread: PlanSpread;
}

async function targetOf(choice: ExecutorChoice, workers: number): Promise<Target> {
  if (choice.kind === "slurm") {
    checkShards(choice.settings);
    return { choice, engines: [], pool: undefined, spread: choice.settings };
  }
  let pool = choice.pool;
  if (pool === undefined) {
    const built = enginePoolFor(choice.hosts ?? [], workers);
    await pingAll(built, "this machine");
    pool = built;
  }
  const spread = { shards: 1, taskWorkers: pool.capacity, dockerHosts: [], imageBudgetBytes: choice.imageBudgetBytes ?? null, ...optional("maxConsecutiveFailures", choice.maxConsecutiveFailures) };
  return { choice, engines: pool.engines, pool, spread };
}

function execute(target: Target, plan: PlanFile, prepared: PreparedRun, events: RunEvents, extras: LocalExtras): Promise<boolean> {
  if (target.choice.kind === "slurm") return coordinateShards({ plan, prepared, settings: target.choice.settings, events });
  return executeLocally({ plan, prepared, pool: target.pool as EnginePool, events, ...extras });
}

/** `eval` on this machine's engine or pool (tests, benchmarks). */
export function runEvaluation(options: EvalRunOptions, hooks: RunEvents & { readonly engine?: SandboxEngine; readonly pool?: EnginePool }): Promise<EvalRunSummary> {
  return evaluateOn({ kind: "local", pool: hooks.pool ?? new EnginePool([{ engine: hooks.engine as SandboxEngine, slots: options.workers }]) }, options, hooks);
}

/** `eval` as Slurm array tasks (tests, benchmarks). */
export function runSlurmEvaluation(options: EvalRunOptions, events: RunEvents, settings: SlurmSettings): Promise<EvalRunSummary> {
  return evaluateOn({ kind: "slurm", settings }, options, events);
}
