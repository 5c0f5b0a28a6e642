/** The cost files of a report folder: cost.csv and the budget curves as CSV (blank cell = unknown). */
import { stringify } from "csv-stringify/sync";
import { UNKNOWN, type Figure, type RunCost } from "./summary.ts";
import { figureRows } from "./format.ts";

export const COST_FILES = {
  figures: "cost.csv",
  stepLimit: "step-limit-curve.csv",
  tokenBudget: "token-budget-curve.csv",
  tokenDistribution: "token-distribution.csv",
} as const;

const cell = (value: Figure | undefined) => (value === undefined || value === UNKNOWN ? "" : value);

/** One row per run and figure: total, per resolved instance, unit. */
export function costCsv(costs: readonly RunCost[]): string {
  const rows = costs.flatMap((c) => figureRows(c).map((r) => [c.runId, r.figure, r.unit, cell(r.total), cell(r.perResolved)]));
  return stringify([["run_id", "figure", "unit", "total", "per_resolved"], ...rows]);
}

export function stepLimitCsv(costs: readonly RunCost[]): string {
  const rows = costs.flatMap((c) => c.curves.stepLimit.points.map((p) => [c.runId, p.x, p.resolved, p.total, p.rate]));
  return stringify([["run_id", "step_limit", "resolved", "total", "rate"], ...rows]);
}

export function tokenBudgetCsv(costs: readonly RunCost[]): string {
  const rows = costs.flatMap((c) => c.curves.tokenBudget.map((p) => [c.runId, p.x, p.resolved, p.total, p.rate]));
  return stringify([["run_id", "token_budget", "resolved", "total", "rate"], ...rows]);
}

export function tokenDistributionCsv(costs: readonly RunCost[]): string {
  const rows = costs.flatMap((c) => c.curves.tokenDistribution.map((p) => [c.runId, p.x, p.count, p.total, p.share]));
  return stringify([["run_id", "tokens_at_most", "instances", "total", "share"], ...rows]);
}
