import type { RolloutResult } from "../../run/jobs/rollout.ts";
import type { ExitStatus } from "../../agent/types.ts";
import { writeAgentEvalReports } from "../../run/evaluate-finished.ts";
import { withPreparedAgentRun } from "../../run/agent-run.ts";
import type { AgentRunOptions, AgentRunSummary } from "../../run/agent-run.ts";
import type { Instance } from "../../dataset/row.ts";
import type { EvalReports } from "../../run/finalize.ts";
import { readResult } from "../../run/finalize.ts";
import type { InstanceResult } from "../../evaluation/outcome.ts";
import type { RunLayout } from "../../run/layout.ts";
import { readFinishedRollout } from "../../run/jobs/agent-done.ts";
import type { AgentPlan } from "../../run/jobs/agent-plan.ts";
import type { PlanFile } from "../../run/plan-file.ts";
import { basePlan, checkShards, coordinateShards } from "./coordinator.ts";
import type { SlurmSettings } from "./settings.ts";

export interface SlurmAgentHooks {
  readonly onStart?: (total: number, done: number) => void;
  /** A rollout of this invocation finished (and, for `run`, its evaluation). */
  readonly onRolloutDone?: (result: RolloutResult) => void;
  readonly onEvaluated?: (result: InstanceResult) => void;
  readonly onNotice?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface SlurmAgentSummary extends AgentRunSummary {
  /** `run`: the official report and instances.csv, written from the per-instance files. */
  readonly reports: EvalReports | undefined;
}

/**
 * `infer` / `run --executor slurm`: prepare the run as on one machine (selection, lock, run.json),
 * hand the instances to Slurm array tasks (job kind "agent": rollout, then for `run` the evaluation),
 * follow them, then write predictions.jsonl and (run) the official report and instances.csv from the
 * per-instance files, exactly as the local path does. The model endpoint (the built-in scripted
 * model too) must be reachable from the nodes at `agent.base_url`.
 */
export async function runSlurmAgents(
  options: AgentRunOptions,
  run: { readonly agent: AgentPlan; readonly eval: PlanFile["eval"] },
  hooks: SlurmAgentHooks,
  settings: SlurmSettings,
): Promise<SlurmAgentSummary> {
  checkShards(settings);
  const notice = hooks.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`));
  let reports: EvalReports | undefined;
  const finalize = async (instances: readonly Instance[], layout: RunLayout) => {
    reports = await writeAgentEvalReports(instances, layout, run.agent.model_name);
  };
  const summary = await withPreparedAgentRun(
    options,
    { engine: null, modelName: run.agent.model_name, onNotice: notice, ...(run.agent.command === "run" ? { finalize } : {}) },
    async ({ selected, layout }) => {
      const plan: PlanFile = { ...basePlan("agent", options.runId, options.redo, settings, run.eval), agent: run.agent };
      const results: RolloutResult[] = [];
      let doneBefore: ReadonlySet<string> = new Set();
      const interrupted = await coordinateShards({
        runDir: layout.runDir, plan, rows: selected, settings, onNotice: notice,
        onOpened: (ids, done) => {
          doneBefore = done;
          hooks.onStart?.(ids.length, done.size);
        },
        onDone: async (id) => {
          if (!doneBefore.has(id)) await reportDone(layout, plan, id, { results, hooks });
        },
        ...(hooks.signal === undefined ? {} : { signal: hooks.signal }),
      });
      return { results, statuses: await statusesOf(layout, selected), interrupted };
    },
  );
  return { ...summary, reports };
}

async function reportDone(layout: RunLayout, plan: PlanFile, id: string, to: { results: RolloutResult[]; hooks: SlurmAgentHooks }): Promise<void> {
  const rollout = await readFinishedRollout(layout, id);
  if (rollout === undefined) return;
  if (rollout.startedAt >= Date.parse(plan.created_at)) {
    to.results.push(rollout.result);
    to.hooks.onRolloutDone?.(rollout.result);
  }
  const result = plan.agent?.command === "run" ? await readResult(layout, id) : undefined;
  if (result !== undefined && Date.parse(result.started_at) >= rollout.finishedAt) to.hooks.onEvaluated?.(result);
}

async function statusesOf(layout: RunLayout, selected: readonly Instance[]): Promise<Map<string, ExitStatus>> {
  const statuses = new Map<string, ExitStatus>();
  for (const instance of selected) {
    const rollout = await readFinishedRollout(layout, instance.instance_id);
    if (rollout !== undefined) statuses.set(instance.instance_id, rollout.status);
  }
  return statuses;
}
