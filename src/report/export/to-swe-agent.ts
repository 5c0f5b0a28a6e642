/**
 * A sera-bench trajectory as a SWE-agent 1.x `.traj` file (pure): `trajectory` (one entry per model
 * reply: the action the tools ran, its raw observation, the reply as response and thought, the
 * execution time), `history` (the conversation with SWE-agent's message types), `info` (exit status,
 * submission, model_stats with tokens_sent / tokens_received / api_calls) and a `replay_config` that
 * names the instance. Shapes follow SWE-agent's sweagent/types.py (TrajectoryStep, HistoryItem, AgentInfo).
 * `query` (the messages sent for each step) is left empty: the history holds them once.
 */
import { isModelStep, isToolStep, type OurMessage, type OurTrajectory, type ToolStep } from "./our-trajectory.ts";
import { stepUsage } from "./usage.ts";

/** What SWE-agent records as a step's observation: the raw output, the patch of the final submit, "Exited", or "" when nothing ran. */
function observationOf(tool: ToolStep | undefined): string {
  if (tool === undefined) return "";
  const r = tool.result;
  if (r.kind === "observation") return r.output ?? r.message ?? "";
  if (r.kind === "submitted") return r.observation ?? "";
  if (r.kind === "exit" || r.kind === "error") return r.message ?? "";
  return "";
}

function trajectoryEntries(traj: OurTrajectory) {
  return traj.steps.flatMap((step, i) => {
    if (!isModelStep(step)) return [];
    const next = traj.steps.slice(i + 1).find((s) => s.kind === "model" || s.kind === "tool");
    const tool = next !== undefined && isToolStep(next) ? next : undefined;
    const usage = stepUsage(step);
    return [{
      action: tool?.result.action ?? "", observation: observationOf(tool), response: step.content, thought: step.content,
      execution_time: (tool?.result.durationMs ?? 0) / 1000, state: {}, query: [],
      extra_info: { tool_calls: step.tool_calls, prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, ...(usage.cachedTokens === undefined ? {} : { cached_tokens: usage.cachedTokens }), finish_reason: step.finish_reason },
    }];
  });
}

const openAiCalls = (calls: OurMessage["tool_calls"]) => (calls ?? []).map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } }));

function historyItem(message: OurMessage) {
  const base = { role: message.role, content: message.content, agent: "main" };
  if (message.role === "system") return { ...base, message_type: "system_prompt" };
  if (message.role === "user") return { ...base, message_type: "user" };
  if (message.role === "tool") return { ...base, message_type: "observation", tool_call_ids: message.tool_call_id === undefined ? [] : [message.tool_call_id] };
  return { ...base, message_type: "action", thought: message.content, tool_calls: openAiCalls(message.tool_calls) };
}

export function toSweAgent(traj: OurTrajectory, version: string) {
  const usages = traj.steps.filter(isModelStep).map(stepUsage);
  const sum = (values: readonly (number | undefined)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
  return {
    trajectory: trajectoryEntries(traj),
    history: traj.history.map(historyItem),
    info: {
      exit_status: traj.info.exit_status, submission: traj.info.submission,
      model_stats: { instance_cost: sum(usages.map((u) => u.costUsd)), tokens_sent: sum(usages.map((u) => u.promptTokens)), tokens_received: sum(usages.map((u) => u.completionTokens)), api_calls: usages.length },
      sera_bench_version: version,
    },
    replay_config: JSON.stringify({ problem_statement: { id: traj.instance_id }, agent: { model: { name: traj.model } } }),
    environment: "main",
  };
}
