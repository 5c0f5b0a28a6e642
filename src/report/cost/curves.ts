/**
 * Budget curves, computed after the run from what each instance consumed (pure).
 *
 * Step limit L: SWE-agent stops a rollout at its step limit and autosubmits the diff it has. We
 * only know the verdict of the patch each rollout finally submitted, so "resolved at L" means
 * resolved and finished within L model calls. A rollout that ran past L would have been cut at L
 * and its diff at that step graded; we count it as unresolved, which can under- or over-state
 * the true rate at L (its diff at L was never evaluated). The same holds for a token budget T
 * (prompt + completion tokens, as `--token-budget` counts them).
 */
export interface CurvePoint {
  /** The budget: a step limit, or a number of tokens. */
  readonly x: number;
  readonly resolved: number;
  /** The denominator: every instance of the run. */
  readonly total: number;
  readonly rate: number;
}

export interface BudgetItem {
  readonly resolved: boolean;
  /** Unknown (no trajectory) never counts as within a budget. */
  readonly used: number | null;
}

const point = (x: number, resolved: number, total: number): CurvePoint => ({ x, resolved, total, rate: total === 0 ? 0 : resolved / total });

/** Resolved within budget x, for each x of `budgets` (ascending). */
function curve(items: readonly BudgetItem[], total: number, budgets: readonly number[]): CurvePoint[] {
  const used = items.filter((i) => i.resolved && i.used !== null).map((i) => i.used ?? 0).sort((a, b) => a - b);
  let k = 0;
  return budgets.map((x) => {
    while (k < used.length && (used[k] ?? 0) <= x) k++;
    return point(x, k, total);
  });
}

/** The resolve rate had the run stopped at step limit L, for L = 1 .. limit. */
export function stepLimitCurve(items: readonly BudgetItem[], total: number, limit: number): CurvePoint[] {
  return curve(items, total, Array.from({ length: Math.max(0, limit) }, (_, i) => i + 1));
}

/** The resolve rate under a token budget T, at T = 0 and every distinct total of a resolved instance, up to the largest total of any. */
export function tokenBudgetCurve(items: readonly BudgetItem[], total: number): CurvePoint[] {
  const known = items.flatMap((i) => (i.used === null ? [] : [i.used]));
  const resolvedTotals = items.flatMap((i) => (i.resolved && i.used !== null ? [i.used] : []));
  const budgets = [...new Set([0, ...resolvedTotals, ...(known.length === 0 ? [] : [Math.max(...known)])])].sort((a, b) => a - b);
  return curve(items, total, budgets);
}

export interface SharePoint {
  /** Tokens. */
  readonly x: number;
  /** Instances that used at most x tokens. */
  readonly count: number;
  /** Instances whose tokens are known (the denominator). */
  readonly total: number;
  readonly share: number;
}

/** The cumulative distribution of tokens per instance: the share of instances under x, at each distinct x. */
export function costDistribution(values: readonly (number | null)[]): SharePoint[] {
  const known = values.flatMap((v) => (v === null ? [] : [v])).sort((a, b) => a - b);
  const points: SharePoint[] = [];
  known.forEach((x, i) => {
    const next = known[i + 1];
    if (next !== x) points.push({ x, count: i + 1, total: known.length, share: (i + 1) / known.length });
  });
  return points;
}
