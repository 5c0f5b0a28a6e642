import { noticeOf } from "../../run/events.ts";
import type { RunEvents } from "../../run/events.ts";
import { agentRun } from "../../run/agent-run.ts";
import type { AgentRunOptions } from "../../run/agent-run.ts";
import { readFinishedRollout } from "../../run/jobs/agent-done.ts";
import type { AgentPlan } from "../../run/jobs/agent-plan.ts";
import type { RunLayout } from "../../run/layout.ts";
import { newPlan } from "../../run/plan-file.ts";
import type { PlanFile } from "../../run/plan-file.ts";
import { withRun } from "../../run/prepare.ts";
import { optional } from "../../util/optional.ts";
import type { AgentRunSummary } from "../local.ts";
import { checkShards, coordinateShards, reportEvaluated } from "./coordinator.ts";
import type { SlurmSettings } from "./settings.ts";

/**
 * `infer` / `run --executor slurm`: prepare the run as on one machine (selection, lock, run.json),
 * hand the instances to Slurm array tasks (job kind "agent": rollout, then for `run` the evaluation),
 * follow them, then write predictions.jsonl and (run) the official report and instances.csv from the
 * per-instance files, exactly as the local executor does. The model endpoint (the built-in scripted
 * model too) must be reachable from the nodes at `agent.base_url`.
 */
export async function runSlurmAgents(
  options: AgentRunOptions,
  run: { readonly agent: AgentPlan; readonly eval: PlanFile["eval"] },
  events: RunEvents,
  settings: SlurmSettings,
): Promise<AgentRunSummary> {
  checkShards(settings);
  const notice = noticeOf(events);
  const { spec, steps } = agentRun(options, run.agent.model_name);
  return withRun(spec, {
    engines: [], onNotice: notice, ...steps,
    execute: ({ selected, layout }) => {
      const plan: PlanFile = { ...newPlan("agent", options.runId, options.redo, settings, run.eval), agent: run.agent };
      let doneBefore: ReadonlySet<string> = new Set();
      return coordinateShards({
        runDir: layout.runDir, plan, rows: selected, settings, onNotice: notice,
        onOpened: (ids, done) => {
          doneBefore = done;
          events.onStart?.(ids.length, done.size);
        },
        onDone: async (id) => {
          if (!doneBefore.has(id)) await reportRollout(layout, plan, id, events);
        },
        ...optional("signal", events.signal),
      });
    },
  });
}

/** A rollout of this invocation and (run) its evaluation, read from the run folder as the workers wrote them. */
async function reportRollout(layout: RunLayout, plan: PlanFile, id: string, events: RunEvents): Promise<void> {
  const rollout = await readFinishedRollout(layout, id);
  if (rollout === undefined) return;
  if (rollout.startedAt >= Date.parse(plan.created_at)) events.onRolloutDone?.(rollout.result);
  if (plan.agent?.command === "run") await reportEvaluated(layout, plan, id, events, rollout.finishedAt);
}
