/** Which test fits two sides, and its result (pure). */
import { discordantPairs, exactMcNemar } from "../stats/mcnemar.ts";
import { twoProportionZTest } from "../stats/two-proportion.ts";
import { welchTTest } from "../stats/welch.ts";
import type { Side } from "./sides.ts";
import type { Reproduction } from "./reproduce.ts";

export type TestName = "exact McNemar (paired, two-sided)" | "two-proportion z-test (pooled, two-sided)" | "Welch t-test on seed means (two-sided)";

export interface Comparison {
  readonly ours: Side;
  readonly other: Side;
  /** ours.rate - other.rate, as a fraction. */
  readonly difference: number;
  readonly test: TestName;
  readonly pValue: number;
  readonly alpha: number;
  readonly significant: boolean;
  /** Test-specific figures (discordant pairs, z, t and df). */
  readonly detail: string;
  /** Why a stronger test could not be used, if so. */
  readonly note: string | undefined;
  /** Against a baseline with --allow-different-set: the two instance sets' sizes, side by side. */
  readonly instanceSets?: string;
  /** With --allow-different-protocol: both protocols side by side (absent when both sides share one). */
  readonly protocols?: string;
  /** Against a leaderboard row with per-instance results, of the same protocol: does our run reproduce it? */
  readonly reproduction?: Reproduction;
}

/**
 * Seeds on both sides -> Welch on the seed means; per-instance results on both sides over the same
 * ids -> exact McNemar; otherwise the two-proportion z-test on the totals.
 */
export function compareSides(ours: Side, other: Side, alpha: number): Comparison {
  const base = { ours, other, difference: ours.rate - other.rate, alpha };
  if (ours.seeds !== undefined && other.seeds !== undefined) {
    const r = welchTTest(ours.seeds, other.seeds);
    return { ...base, test: "Welch t-test on seed means (two-sided)", pValue: r.pValue, significant: r.pValue < alpha, detail: `t = ${r.t.toFixed(3)}, df = ${r.df.toFixed(1)}, seeds ${ours.seeds.n} vs ${other.seeds.n}`, note: undefined };
  }
  const paired = pairedIds(ours, other);
  if (paired.ids !== undefined && ours.perInstance !== undefined && other.perInstance !== undefined) {
    const { onlyFirst, onlySecond } = discordantPairs(paired.ids, ours.perInstance.resolved, other.perInstance.resolved);
    const r = exactMcNemar(onlyFirst, onlySecond);
    const oursRate = countIn(paired.ids, ours.perInstance.resolved) / paired.ids.length;
    const otherRate = countIn(paired.ids, other.perInstance.resolved) / paired.ids.length;
    return { ...base, difference: oursRate - otherRate, test: "exact McNemar (paired, two-sided)", pValue: r.pValue, significant: r.pValue < alpha, detail: `${paired.ids.length} paired instances: only ours resolved ${onlyFirst}, only theirs ${onlySecond}`, note: undefined };
  }
  const r = twoProportionZTest(ours.resolved, ours.total, other.resolved, other.total);
  return { ...base, test: "two-proportion z-test (pooled, two-sided)", pValue: r.pValue, significant: r.pValue < alpha, detail: `${ours.resolved}/${ours.total} vs ${other.resolved}/${other.total}, z = ${r.z.toFixed(3)}`, note: paired.why };
}

function countIn(ids: readonly string[], set: ReadonlySet<string>): number {
  return ids.filter((id) => set.has(id)).length;
}

/** Pairing needs per-instance results on both sides and our ids all present on the other side. */
function pairedIds(ours: Side, other: Side): { ids: readonly string[] | undefined; why: string | undefined } {
  if (ours.perInstance === undefined) return { ids: undefined, why: ours.seeds === undefined ? undefined : `${ours.label} has several seeds but ${other.label} has no seed statistics: compare one seed at a time for a paired test` };
  if (other.perInstance === undefined) return { ids: undefined, why: `${other.label} publishes totals only (no per-instance results)` };
  const theirs = new Set(other.perInstance.ids);
  const missing = ours.perInstance.ids.filter((id) => !theirs.has(id));
  if (missing.length > 0) return { ids: undefined, why: `${missing.length} of our instances are not in ${other.label}'s instance set (not paired)` };
  return { ids: ours.perInstance.ids, why: undefined };
}
