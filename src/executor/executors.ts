import type { RunEvents } from "../run/events.ts";
import type { AgentRunOptions } from "../run/agent-run.ts";
import type { EvalRunOptions, EvalRunSummary } from "../run/eval-run.ts";
import { rolloutFromPlan } from "../run/jobs/agent-context.ts";
import type { WorkerRollout } from "../run/jobs/agent-context.ts";
import type { AgentPlan } from "../run/jobs/agent-plan.ts";
import { planLimits } from "../run/plan-file.ts";
import type { PlanFile } from "../run/plan-file.ts";
import { enginePoolFor, pingAll } from "../sandbox/engines.ts";
import type { HostSlots } from "../sandbox/engines.ts";
import { runAgents, runEvaluation } from "./local.ts";
import type { AgentRunSummary } from "./local.ts";
import { runSlurmAgents } from "./slurm/agent-coordinator.ts";
import { runSlurmEvaluation } from "./slurm/coordinator.ts";
import type { SlurmSettings } from "./slurm/settings.ts";

/** Where a run's instances run: this machine's engines (one shard), or Slurm array tasks. */
export type ExecutorChoice =
  | { readonly kind: "local"; readonly hosts: readonly HostSlots[]; readonly imageBudgetBytes: number | null }
  | { readonly kind: "slurm"; readonly settings: SlurmSettings };

/** `eval` on the chosen executor. */
export async function evaluateOn(choice: ExecutorChoice, options: EvalRunOptions, events: RunEvents): Promise<EvalRunSummary> {
  if (choice.kind === "slurm") return runSlurmEvaluation(options, events, choice.settings);
  const pool = enginePoolFor(choice.hosts, options.workers);
  await pingAll(pool, "this machine");
  return runEvaluation(options, { ...events, pool, imageBudgetBytes: choice.imageBudgetBytes });
}

/**
 * `infer` / `run` on the chosen executor. The plan's sections say what runs per instance; on this
 * machine the rollout uses the agent config and the model already at hand (a Slurm worker rebuilds
 * them from the plan).
 */
export async function runAgentsOn(
  choice: ExecutorChoice,
  options: AgentRunOptions,
  jobs: { readonly agent: AgentPlan; readonly eval: PlanFile["eval"] },
  local: Pick<WorkerRollout, "config" | "model" | "counter"> & { readonly evalWorkers: number },
  events: RunEvents,
): Promise<AgentRunSummary> {
  if (choice.kind === "slurm") return runSlurmAgents(options, jobs, events, choice.settings);
  const pool = enginePoolFor(choice.hosts, options.workers);
  await pingAll(pool, "this machine");
  const rollout = rolloutFromPlan(jobs.agent, local, planLimits(jobs.eval));
  return runAgents(options, { ...events, ...jobs, pool, imageBudgetBytes: choice.imageBudgetBytes, evalWorkers: local.evalWorkers, rollout });
}
