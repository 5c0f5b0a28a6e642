/**
 * A sera-bench trajectory as ATIF v1.4 (pure). The prompts before the first model reply are system
 * and user steps; each model reply is an agent step with its tool calls, the tool results that
 * followed as its observation and its tokens as metrics; a re-query (format error, blocked command)
 * is a user step; other events (retries, context overflows, errors) are system steps with the event
 * in `extra`. Token figures come from usage.ts.
 */
import { ATIF_VERSION, atifTrajectorySchema, type AtifStep, type AtifTrajectory } from "./atif-schema.ts";
import { isModelStep, isRequeryStep, isToolStep, type ModelStep, type OurTrajectory, type ToolStep } from "./our-trajectory.ts";
import { stepUsage } from "./usage.ts";

type Draft = Omit<AtifStep, "step_id">;

/** A tool call's arguments: the JSON object the model wrote, or its text kept under `raw` when it is not one. */
export function toolArguments(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // not JSON: kept as text below
  }
  return { raw: text };
}

function agentStep(step: ModelStep, model: string): Draft {
  const usage = stepUsage(step);
  return {
    timestamp: step.at, source: "agent", model_name: model, message: step.content,
    ...(step.reasoning === undefined ? {} : { reasoning_content: step.reasoning }),
    ...(step.tool_calls.length === 0 ? {} : { tool_calls: step.tool_calls.map((call) => ({ tool_call_id: call.id, function_name: call.name, arguments: toolArguments(call.arguments) })) }),
    metrics: {
      prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens,
      ...(usage.cachedTokens === undefined ? {} : { cached_tokens: usage.cachedTokens }),
      ...(usage.costUsd === undefined ? {} : { cost_usd: usage.costUsd }),
    },
    extra: { finish_reason: step.finish_reason, ...(step.request_id === undefined ? {} : { request_id: step.request_id }) },
  };
}

/** The text the tool step gave back (what the model was shown). */
const toolContent = (step: ToolStep) => step.result.message ?? step.result.observation ?? step.result.output ?? "";

function attachObservation(target: Draft, step: ToolStep): void {
  const called = (target.tool_calls ?? []).some((call) => call.tool_call_id === step.call.id);
  const results = [...(target.observation?.results ?? []), { ...(called ? { source_call_id: step.call.id } : {}), content: toolContent(step) }];
  const r = step.result;
  const detail = { tool_call_id: step.call.id, kind: r.kind, ...(r.action === undefined ? {} : { action: r.action }), ...(r.exitCode === undefined ? {} : { exit_code: r.exitCode }), ...(r.durationMs === undefined ? {} : { duration_ms: r.durationMs }), ...(r.timedOut === undefined ? {} : { timed_out: r.timedOut }) };
  const previous = (target.extra?.["tool_results"] as unknown[] | undefined) ?? [];
  target.observation = { results };
  target.extra = { ...target.extra, tool_results: [...previous, detail] };
}

function initialSteps(traj: OurTrajectory): Draft[] {
  const firstReply = traj.history.findIndex((m) => m.role === "assistant");
  const prompts = traj.history.slice(0, firstReply === -1 ? traj.history.length : firstReply);
  return prompts.flatMap((m): Draft[] => (m.role === "system" || m.role === "user" ? [{ ...(traj.started_at === undefined ? {} : { timestamp: traj.started_at }), source: m.role, message: m.content }] : []));
}

function eventSteps(traj: OurTrajectory): Draft[] {
  const drafts: Draft[] = [];
  let lastAgent: Draft | undefined;
  for (const step of traj.steps) {
    if (isModelStep(step)) drafts.push((lastAgent = agentStep(step, traj.model)));
    else if (isToolStep(step) && lastAgent !== undefined) attachObservation(lastAgent, step);
    else if (isRequeryStep(step)) drafts.push({ timestamp: step.at, source: "user", message: step.message, extra: { requery_reason: step.reason } });
    else drafts.push({ ...(step.at === undefined ? {} : { timestamp: step.at }), source: "system", message: `sera-bench event: ${step.kind}`, extra: { event: step } });
  }
  return drafts;
}

/** The export, checked against the ATIF v1.4 schema (a failure here is a bug in the exporter). */
export function toAtif(traj: OurTrajectory, agentVersion: string): AtifTrajectory {
  const steps = [...initialSteps(traj), ...eventSteps(traj)].map((draft, i) => ({ step_id: i + 1, ...draft }));
  const usages = traj.steps.filter(isModelStep).map(stepUsage);
  const sum = (values: readonly (number | undefined)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
  const cached = usages.some((u) => u.cachedTokens !== undefined) ? { total_cached_tokens: sum(usages.map((u) => u.cachedTokens)) } : {};
  const cost = usages.some((u) => u.costUsd !== undefined) ? { total_cost_usd: sum(usages.map((u) => u.costUsd)) } : {};
  return atifTrajectorySchema.parse({
    schema_version: ATIF_VERSION,
    session_id: `${traj.run_id}/${traj.instance_id}`,
    agent: { name: "sera-bench", version: agentVersion, model_name: traj.model, extra: { ...(traj.agent_config === undefined ? {} : { agent_config: traj.agent_config }), ...(traj.context_tokens === undefined ? {} : { context_tokens: traj.context_tokens }) } },
    steps,
    final_metrics: {
      total_prompt_tokens: sum(usages.map((u) => u.promptTokens)), total_completion_tokens: sum(usages.map((u) => u.completionTokens)), ...cached, ...cost,
      total_steps: steps.length, extra: { api_calls: traj.info.model_stats.api_calls },
    },
    extra: {
      instance_id: traj.instance_id, run_id: traj.run_id, exit_status: traj.info.exit_status, exit_message: traj.info.exit_message ?? null,
      submission: traj.info.submission, started_at: traj.started_at ?? null, finished_at: traj.finished_at ?? null, wall_time_s: traj.wall_time_s ?? null,
    },
  });
}
