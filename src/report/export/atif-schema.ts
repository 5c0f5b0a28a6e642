/**
 * ATIF v1.4, the Agent Trajectory Interchange Format of the Harbor project, as published in
 * laude-institute/harbor docs/rfcs/0001-trajectory-format.md ("RFC: Agent Trajectory Interchange
 * Format (ATIF) Specification", changelog v1.4): one zod schema, used by the writer (every export is
 * checked before it is written) and by the tests. Objects are strict: a field the RFC does not list
 * is an error (custom data goes in the `extra` objects the RFC provides).
 * Rules the RFC states beyond types: step_id is the ordinal from 1; `timestamp` is ISO 8601;
 * model_name, reasoning_effort, reasoning_content, tool_calls and metrics only on agent steps;
 * an observation result's source_call_id names a tool call of its step.
 */
import { z } from "zod";

export const ATIF_VERSION = "ATIF-v1.4";

const extra = z.record(z.string(), z.unknown());
const count = z.number().int().nonnegative();
/** ISO 8601 date-time with a time zone (e.g. 2025-10-16T14:30:00Z). */
const timestamp = z.iso.datetime({ offset: true });

export const atifAgentSchema = z.strictObject({ name: z.string(), version: z.string(), model_name: z.string().optional(), extra: extra.optional() });

export const atifToolCallSchema = z.strictObject({ tool_call_id: z.string(), function_name: z.string(), arguments: extra });

export const atifMetricsSchema = z.strictObject({
  prompt_tokens: count.optional(),
  completion_tokens: count.optional(),
  cached_tokens: count.optional(),
  cost_usd: z.number().optional(),
  prompt_token_ids: z.array(z.number().int()).optional(),
  completion_token_ids: z.array(z.number().int()).optional(),
  logprobs: z.array(z.number()).optional(),
  extra: extra.optional(),
});

const subagentRefSchema = z.strictObject({ session_id: z.string(), trajectory_path: z.string().optional(), extra: extra.optional() });

export const atifObservationSchema = z.strictObject({
  results: z.array(z.strictObject({
    source_call_id: z.string().nullable().optional(),
    content: z.string().optional(),
    subagent_trajectory_ref: z.array(subagentRefSchema).optional(),
  })),
});

const AGENT_ONLY = ["model_name", "reasoning_effort", "reasoning_content", "tool_calls", "metrics"] as const;

export const atifStepSchema = z.strictObject({
  step_id: z.number().int().positive(),
  timestamp: timestamp.optional(),
  source: z.enum(["system", "user", "agent"]),
  model_name: z.string().optional(),
  reasoning_effort: z.union([z.string(), z.number()]).optional(),
  message: z.string(),
  reasoning_content: z.string().optional(),
  tool_calls: z.array(atifToolCallSchema).optional(),
  observation: atifObservationSchema.optional(),
  metrics: atifMetricsSchema.optional(),
  extra: extra.optional(),
}).superRefine((step, ctx) => {
  if (step.source !== "agent") {
    for (const field of AGENT_ONLY) if (step[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: `${field} is only applicable when source is "agent"` });
  }
  const ids = new Set((step.tool_calls ?? []).map((call) => call.tool_call_id));
  step.observation?.results.forEach((result, i) => {
    const id = result.source_call_id;
    if (id !== undefined && id !== null && !ids.has(id)) ctx.addIssue({ code: "custom", path: ["observation", "results", i, "source_call_id"], message: `${id} is not a tool_call_id of this step` });
  });
});

export const atifFinalMetricsSchema = z.strictObject({
  total_prompt_tokens: count.optional(),
  total_completion_tokens: count.optional(),
  total_cached_tokens: count.optional(),
  total_cost_usd: z.number().optional(),
  total_steps: count.optional(),
  extra: extra.optional(),
});

export const atifTrajectorySchema = z.strictObject({
  schema_version: z.literal(ATIF_VERSION),
  session_id: z.string(),
  agent: atifAgentSchema,
  steps: z.array(atifStepSchema),
  notes: z.string().optional(),
  final_metrics: atifFinalMetricsSchema.optional(),
  extra: extra.optional(),
}).superRefine((trajectory, ctx) => {
  trajectory.steps.forEach((step, i) => {
    if (step.step_id !== i + 1) ctx.addIssue({ code: "custom", path: ["steps", i, "step_id"], message: `expected step_id ${i + 1} (ordinal from 1), got ${step.step_id}` });
  });
});

export type AtifTrajectory = z.infer<typeof atifTrajectorySchema>;
export type AtifStep = z.infer<typeof atifStepSchema>;
