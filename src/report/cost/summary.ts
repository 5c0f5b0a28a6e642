/**
 * What a run cost (pure): totals, per resolved instance, what the unresolved instances consumed,
 * GPU-hours and dollars where the server's size and a price are known, and the budget curves.
 * Unknown stays unknown: a figure that cannot be computed is "unknown", never 0.
 */
import type { LoadedRun, RunInstance } from "../run/types.ts";
import type { InstanceCost } from "../../run/files/costs.ts";
import type { CostSettings } from "../../run/files/cost-settings.ts";
import { unionMs } from "./busy.ts";
import { costDistribution, stepLimitCurve, tokenBudgetCurve } from "./curves.ts";

export const UNKNOWN = "unknown" as const;
export type Figure = number | typeof UNKNOWN;

export const GPU_HOURS_FORMULA = "GPU-hours = gpus × (union of the intervals in which at least one model request was in flight) in hours";
export const TOKEN_USD_FORMULA = "USD = ((prompt − cached) × input + cached × cached price + completion × output) / 1,000,000";
const EXPENSIVE_FAILURES = 5;

const known = (values: readonly (number | null | undefined)[]) => values.filter((v): v is number => typeof v === "number");
/** The sum of the known values; unknown when none is known. */
const total = (values: readonly (number | null | undefined)[]): Figure => (known(values).length === 0 ? UNKNOWN : known(values).reduce((a, b) => a + b, 0));
const times = (a: Figure, b: Figure | undefined): Figure => (a === UNKNOWN || b === undefined || b === UNKNOWN ? UNKNOWN : a * b);
const per = (a: Figure, n: number): Figure => (a === UNKNOWN || n === 0 ? UNKNOWN : a / n);
const tokensOf = (c: InstanceCost | undefined) => (c?.prompt_tokens == null || c.completion_tokens == null ? null : c.prompt_tokens + c.completion_tokens);
const figure = (v: number | null | undefined): Figure => v ?? UNKNOWN;
const rank = (f: Figure): number => (f === UNKNOWN ? -1 : f);
const seconds = (ms: number | null | undefined) => (ms == null ? null : ms / 1000);

export type RunCost = ReturnType<typeof runCost>;

function totalsOf(instances: readonly RunInstance[]) {
  const costs = instances.flatMap((i) => (i.cost === undefined ? [] : [i.cost]));
  const sources = new Set(costs.flatMap((c) => (c.tokens_source === null ? [] : [c.tokens_source])));
  return {
    modelCalls: total(costs.map((c) => c.model_calls)),
    promptTokens: total(costs.map((c) => c.prompt_tokens)),
    /** Unknown when the server never reported cached tokens. */
    cachedPromptTokens: total(costs.map((c) => c.cached_prompt_tokens)),
    completionTokens: total(costs.map((c) => c.completion_tokens)),
    tokens: total(costs.map(tokensOf)),
    /** server | counted (our count: the server sent no usage) | mixed; unknown without trajectories. */
    tokensSource: sources.size === 0 ? UNKNOWN : sources.size === 1 ? [...sources][0] ?? UNKNOWN : "mixed",
    modelS: total(costs.map((c) => seconds(c.model_ms))),
    toolS: total(costs.map((c) => seconds(c.tool_ms))),
    evalS: total(costs.map((c) => seconds(c.evaluation_ms))),
    wallS: total(costs.map((c) => seconds(c.wall_ms))),
  };
}
type Totals = ReturnType<typeof totalsOf>;

function gpuOf(instances: readonly RunInstance[], settings: CostSettings) {
  const intervals = instances.flatMap((i) => i.cost?.model_busy ?? []);
  const busyHours: Figure = intervals.length === 0 ? UNKNOWN : unionMs(intervals) / 3_600_000;
  const gpuHours = times(busyHours, settings.gpus);
  return { gpus: settings.gpus ?? UNKNOWN, busyHours, gpuHours, gpuHourUsd: settings.gpu_hour_usd ?? UNKNOWN, usd: times(gpuHours, settings.gpu_hour_usd), formula: GPU_HOURS_FORMULA };
}

function tokenUsd(totals: Totals, settings: CostSettings) {
  const price = settings.price;
  if (price === undefined || totals.promptTokens === UNKNOWN || totals.completionTokens === UNKNOWN) return { price: price ?? UNKNOWN, usd: UNKNOWN as Figure, formula: TOKEN_USD_FORMULA, note: undefined };
  // Cached tokens the server never reported are priced as input (an upper bound), and said so.
  const cached = totals.cachedPromptTokens === UNKNOWN ? 0 : totals.cachedPromptTokens;
  const usd = ((totals.promptTokens - cached) * price.input + cached * price.cached + totals.completionTokens * price.output) / 1_000_000;
  const note = totals.cachedPromptTokens === UNKNOWN ? "the server reported no cached tokens: every prompt token priced as input" : undefined;
  return { price, usd: usd as Figure, formula: TOKEN_USD_FORMULA, note };
}

/** The unresolved (unresolved, empty, error) instances that consumed the most tokens. */
function expensiveFailures(instances: readonly RunInstance[], totals: Totals) {
  const failed = instances.filter((i) => i.outcome !== "resolved" && i.outcome !== "not_submitted" && i.cost !== undefined);
  const tokens = total(failed.map((i) => tokensOf(i.cost)));
  const top = failed
    .map((i) => ({ id: i.id, outcome: i.outcome, exitStatus: i.trajectory?.exitStatus ?? UNKNOWN, tokens: figure(tokensOf(i.cost)), wallS: figure(seconds(i.cost?.wall_ms)), modelCalls: figure(i.cost?.model_calls) }))
    .sort((a, b) => rank(b.tokens) - rank(a.tokens) || rank(b.wallS) - rank(a.wallS))
    .slice(0, EXPENSIVE_FAILURES);
  return {
    count: failed.length, tokens, wallS: total(failed.map((i) => seconds(i.cost?.wall_ms))),
    /** Their share of the run's tokens. */
    tokenShare: tokens === UNKNOWN || totals.tokens === UNKNOWN || totals.tokens === 0 ? UNKNOWN : tokens / totals.tokens,
    top,
  };
}

/** The run's step limit from run.json (options.limits.maxSteps), else the most steps any rollout took. */
function stepLimitOf(run: LoadedRun): { limit: number; source: "run.json" | "observed" } {
  const limits = run.meta?.options?.limits;
  const recorded = typeof limits === "object" && limits !== null ? (limits as Record<string, unknown>).maxSteps : undefined;
  if (typeof recorded === "number" && Number.isInteger(recorded) && recorded > 0) return { limit: recorded, source: "run.json" };
  return { limit: Math.max(0, ...known(run.instances.map((i) => i.cost?.finished_step))), source: "observed" };
}

function curvesOf(run: LoadedRun) {
  const n = run.report.total_instances;
  const resolved = (i: RunInstance) => i.outcome === "resolved";
  const step = stepLimitOf(run);
  return {
    stepLimit: { ...step, points: stepLimitCurve(run.instances.map((i) => ({ resolved: resolved(i), used: i.cost?.finished_step ?? null })), n, step.limit) },
    tokenBudget: tokenBudgetCurve(run.instances.map((i) => ({ resolved: resolved(i), used: tokensOf(i.cost) })), n),
    /** Over the instances with a trajectory. */
    tokenDistribution: costDistribution(run.instances.filter((i) => i.outcome !== "not_submitted").map((i) => tokensOf(i.cost))),
  };
}

export function runCost(run: LoadedRun, settings: CostSettings) {
  const totals = totalsOf(run.instances);
  const gpu = gpuOf(run.instances, settings);
  const tokens = tokenUsd(totals, settings);
  const resolved = run.report.resolved_instances;
  return {
    runId: run.id, resolved, settings, totals,
    perResolved: {
      tokens: per(totals.tokens, resolved), promptTokens: per(totals.promptTokens, resolved), completionTokens: per(totals.completionTokens, resolved),
      modelCalls: per(totals.modelCalls, resolved), wallS: per(totals.wallS, resolved), gpuHours: per(gpu.gpuHours, resolved),
      gpuUsd: per(gpu.usd, resolved), tokenUsd: per(tokens.usd, resolved),
    },
    gpu, tokenPrice: tokens,
    expensiveFailures: expensiveFailures(run.instances, totals),
    curves: curvesOf(run),
  };
}
