/**
 * What one instance cost, from its trajectory and its evaluation: `<run>/costs.json` (one schema for
 * the writer, finalize.ts, and every reader) and the cost columns of instances.csv.
 *
 * Per instance: model calls; prompt / cached prompt / completion tokens (the server's `usage`, or our
 * own count where it sent none: `tokens_source`); the time spent in model calls (each call whole,
 * retries included), in tool calls, in the evaluation, and the wall time (the rollout's plus the
 * evaluation's); `finished_step`, the model calls made when the rollout ended (the step its patch was
 * submitted or autosubmitted at); `model_busy`, each successful model request as [start, end] in epoch
 * milliseconds (what GPU-hours are computed from). Unknown values are null, never 0. (`evaluation_ms`: the
 * whole evaluation, finished_at - started_at of result.json; instances.csv's `eval_ms` is its eval-script phase.)
 */
import { z } from "zod";
import type { InstanceResult } from "../../evaluation/outcome.ts";
import type { TrajectoryView } from "./schemas.ts";

export const COSTS_FILE = "costs.json";
export const TOKENS_SOURCES = ["server", "counted", "mixed"] as const;

const count = z.number().int().nonnegative().nullable();
const ms = z.number().nonnegative().nullable();

export const instanceCostSchema = z.object({
  instance_id: z.string(),
  model_calls: count,
  prompt_tokens: count,
  /** null: the server never reported cached tokens for this instance. */
  cached_prompt_tokens: count,
  completion_tokens: count,
  /** server: every call's usage came from the server; counted: none did; mixed: some did. */
  tokens_source: z.enum(TOKENS_SOURCES).nullable(),
  model_ms: ms,
  tool_ms: ms,
  evaluation_ms: ms,
  wall_ms: ms,
  finished_step: count,
  model_busy: z.array(z.tuple([z.number(), z.number()])),
});
export type InstanceCost = z.infer<typeof instanceCostSchema>;

export const costsFileSchema = z.object({
  format: z.literal("sera-bench.costs/1"),
  run_id: z.string(),
  instances: z.array(instanceCostSchema),
});
export type CostsFile = z.infer<typeof costsFileSchema>;

/** The model and tool steps as the trajectory records them (older trajectories lack some fields). */
const modelStepSchema = z.looseObject({
  kind: z.literal("model"),
  at: z.string(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  cached_prompt_tokens: z.number().optional(),
  tokens_source: z.enum(["server", "counted"]).optional(),
  latency_ms: z.number(),
  total_ms: z.number(),
});
const toolStepSchema = z.looseObject({
  kind: z.literal("tool"),
  duration_ms: z.number().optional(),
  result: z.looseObject({ durationMs: z.number().optional() }).optional(),
});
type ModelStep = z.infer<typeof modelStepSchema>;

function stepsOf<T>(steps: readonly unknown[], schema: z.ZodType<T>): T[] {
  return steps.flatMap((step) => {
    const parsed = schema.safeParse(step);
    return parsed.success ? [parsed.data] : [];
  });
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function sourceOf(steps: readonly ModelStep[]): InstanceCost["tokens_source"] {
  if (steps.length === 0) return null;
  const counted = steps.filter((s) => s.tokens_source === "counted").length;
  return counted === 0 ? "server" : counted === steps.length ? "counted" : "mixed";
}

/** The agent side from the trajectory's steps; older trajectories without `kind`ed steps fall back on info.model_stats. */
function agentSide(traj: TrajectoryView | undefined) {
  const steps = traj?.steps ?? [];
  const models = stepsOf(steps, modelStepSchema);
  const stats = traj?.info?.model_stats;
  if (models.length === 0) {
    const calls = stats?.api_calls ?? null;
    // No call at all (a rollout that failed before its first): nothing used, from no source.
    const source = stats?.prompt_tokens === undefined || calls === 0 ? null : ("server" as const);
    return {
      model_calls: calls, prompt_tokens: stats?.prompt_tokens ?? null, cached_prompt_tokens: null, completion_tokens: stats?.completion_tokens ?? null,
      tokens_source: source, model_ms: calls === 0 ? 0 : null, tool_ms: calls === 0 ? 0 : null, finished_step: calls, model_busy: [],
    };
  }
  const cached = models.filter((s) => s.cached_prompt_tokens !== undefined);
  const tools = stepsOf(steps, toolStepSchema);
  const toolMs = tools.map((t) => t.duration_ms ?? t.result?.durationMs);
  return {
    model_calls: models.length,
    prompt_tokens: sum(models.map((s) => s.prompt_tokens)),
    cached_prompt_tokens: cached.length === 0 ? null : sum(cached.map((s) => s.cached_prompt_tokens ?? 0)),
    completion_tokens: sum(models.map((s) => s.completion_tokens)),
    tokens_source: sourceOf(models),
    model_ms: sum(models.map((s) => s.total_ms)),
    tool_ms: toolMs.some((v) => v === undefined) ? null : sum(toolMs.map((v) => v ?? 0)),
    finished_step: models.length,
    // A step is recorded as soon as its call returns: the request that succeeded ran from `at` - latency_ms to `at`.
    model_busy: models.flatMap((s): [number, number][] => {
      const end = Date.parse(s.at);
      return Number.isNaN(end) ? [] : [[end - s.latency_ms, end]];
    }),
  };
}

function evalMs(result: InstanceResult | undefined): number | null {
  if (result === undefined || result.status === "empty") return null;
  const ms = Date.parse(result.finished_at) - Date.parse(result.started_at);
  return Number.isNaN(ms) ? null : Math.max(0, ms);
}

/** One instance's cost; `traj` and `result` are undefined where the run has no such file. */
export function instanceCost(instanceId: string, traj: TrajectoryView | undefined, result: InstanceResult | undefined): InstanceCost {
  const agent = agentSide(traj);
  const evaluation = evalMs(result);
  const rollout = traj?.wall_time_s === undefined ? null : Math.round(traj.wall_time_s * 1000);
  const wall = rollout === null && evaluation === null ? null : (rollout ?? 0) + (evaluation ?? 0);
  return { instance_id: instanceId, ...agent, evaluation_ms: evaluation, wall_ms: wall };
}

/** The cost columns of instances.csv (costsCsvCells gives a row's cells; blank = unknown). */
export const COST_COLUMNS = [
  "model_calls", "prompt_tokens", "cached_prompt_tokens", "completion_tokens", "tokens_source",
  "model_ms", "tool_ms", "evaluation_ms", "wall_ms", "finished_step",
] as const;

export function costCsvCells(cost: InstanceCost | undefined): (string | number)[] {
  return COST_COLUMNS.map((column) => cost?.[column] ?? "");
}
