/** A run's exact-match rate: the share of its instances whose prediction contains the gold patch verbatim (pure). */
import type { LoadedRun } from "../run/types.ts";
import { exactMatch } from "./exact-match.ts";

/** Verified submissions average 6.7% (0-13%); the maintainers ask about anything over 20%. */
export const EXACT_MATCH_FLAG = 0.2;

export interface RunExactMatch {
  readonly runId: string;
  /** Instances whose prediction contains every gold hunk, sorted. */
  readonly matched: readonly string[];
  /** The denominator: every instance of the run (those without a prediction count as no match). */
  readonly total: number;
  readonly rate: number;
  /** Over 20%. */
  readonly flagged: boolean;
  /** Predictions that could not be parsed as a diff (no match). */
  readonly unparseable: readonly string[];
  /** Instances whose gold patch is unknown (not in the dataset read): left out of the denominator. */
  readonly noGold: readonly string[];
}

export function runExactMatch(run: LoadedRun, gold: ReadonlyMap<string, string>): RunExactMatch {
  const matched: string[] = [];
  const unparseable: string[] = [];
  const noGold: string[] = [];
  for (const instance of run.instances) {
    const patch = gold.get(instance.id);
    if (patch === undefined) {
      noGold.push(instance.id);
      continue;
    }
    const result = exactMatch(patch, instance.patch);
    if (result === "match") matched.push(instance.id);
    if (result === "unparseable") unparseable.push(instance.id);
  }
  const total = run.instances.length - noGold.length;
  const rate = total === 0 ? 0 : matched.length / total;
  return { runId: run.id, matched, total, rate, flagged: rate > EXACT_MATCH_FLAG, unparseable, noGold };
}
