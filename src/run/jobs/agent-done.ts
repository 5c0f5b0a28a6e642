import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { readJsonIfValid } from "../../util/json-file.ts";
import { trajectorySchema } from "../files/schemas.ts";
import { stepLogPath } from "../../agent/trajectory-log.ts";
import { EXIT_STATUSES, isErrorStatus } from "../../agent/types.ts";
import type { ExitStatus } from "../../agent/types.ts";
import type { RolloutResult } from "./rollout.ts";
import { readSavedPrediction } from "../files/predictions.ts";
import { readResult } from "../finalize.ts";
import type { RunLayout } from "../layout.ts";
import type { AgentPlan } from "./agent-plan.ts";
import type { PlanFile } from "../plan-file.ts";
import { repeatsDone } from "./repeats.ts";

/** A rollout whose trajectory and saved prediction are both written. */
export interface FinishedRollout {
  readonly status: ExitStatus;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly patch: string;
  readonly result: RolloutResult;
}

export async function readFinishedRollout(layout: RunLayout, id: string): Promise<FinishedRollout | undefined> {
  const traj = await readJsonIfValid(layout.trajectory(id), trajectorySchema);
  if (traj === undefined) return undefined;
  const status = traj.info?.exit_status;
  const saved = await readSavedPrediction(layout, id);
  if (saved === undefined || !EXIT_STATUSES.includes(status as ExitStatus) || typeof traj.finished_at !== "string") return undefined;
  const stats = traj.info?.model_stats ?? {};
  const result: RolloutResult = {
    instanceId: id, status: status as ExitStatus, message: traj.info?.exit_message ?? "", patch: saved.model_patch ?? "",
    steps: stats.api_calls ?? 0, promptTokens: stats.prompt_tokens ?? 0, completionTokens: stats.completion_tokens ?? 0, wallTimeS: traj.wall_time_s ?? 0,
  };
  return { status: status as ExitStatus, startedAt: Date.parse(traj.started_at ?? ""), finishedAt: Date.parse(traj.finished_at), patch: saved.model_patch ?? "", result };
}

/**
 * The rollout needs no more work in this run: it started since the plan was made, or it is from an
 * earlier invocation, --redo does not ask again, and it did not end in an error (an error is never
 * final: the harness or the server failed, not the model, so every re-run retries it).
 */
export async function rolloutDone(layout: RunLayout, plan: PlanFile, id: string): Promise<FinishedRollout | undefined> {
  const rollout = await readFinishedRollout(layout, id);
  if (rollout === undefined) return undefined;
  if (rollout.startedAt >= Date.parse(plan.created_at)) return rollout;
  if (plan.redo || isErrorStatus(rollout.status)) return undefined;
  return rollout;
}

/**
 * `run`: the evaluation of this rollout's patch is done: nothing to evaluate (an empty patch, or a
 * rollout that ended in an error: the instance is an error, its partial patch is not graded), or a
 * result written after the rollout finished that is either of this invocation (an error result is
 * retried by the next invocation, as with eval) or has its report.json.
 */
export async function evaluationDone(layout: RunLayout, plan: PlanFile, rollout: FinishedRollout, id: string): Promise<boolean> {
  if (rollout.patch === "" || isErrorStatus(rollout.status)) return true;
  const result = await readResult(layout, id);
  if (result === undefined) return false;
  const started = Date.parse(result.started_at);
  if (started < rollout.finishedAt) return false;
  return started >= Date.parse(plan.created_at) || existsSync(layout.instanceFile(id, "report.json"));
}

export async function agentInstanceDone(layout: RunLayout, plan: PlanFile, agent: AgentPlan, id: string): Promise<boolean> {
  const rollout = await rolloutDone(layout, plan, id);
  if (rollout === undefined) return false;
  return agent.command === "infer" || ((await evaluationDone(layout, plan, rollout, id)) && repeatsDone(layout, plan, id));
}

/**
 * After the worker's own stop: drop this invocation's evaluation result and a rollout that ended in
 * a harness error (the stop killed it), so the resubmitted task runs them again.
 */
export async function forgetInterrupted(layout: RunLayout, plan: PlanFile, id: string): Promise<void> {
  const created = Date.parse(plan.created_at);
  const result = await readResult(layout, id);
  // As the eval job kind's rule: only an evaluation that ended in an error is forgotten; one that
  // finished (report.json and result.json written) after the stop began is kept and reported.
  if (result?.status === "error" && Date.parse(result.started_at) >= created) await rm(layout.instanceFile(id, "result.json"), { force: true });
  const rollout = await readFinishedRollout(layout, id);
  if (rollout !== undefined && rollout.startedAt >= created && isErrorStatus(rollout.status)) {
    await rm(layout.prediction(id), { force: true });
    await rm(layout.trajectory(id), { force: true });
    await rm(stepLogPath(layout.trajectory(id)), { force: true });
  }
}
