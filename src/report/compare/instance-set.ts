/** A published baseline was measured on one instance set: a run is compared with it only over that set. */
import type { Baseline } from "../baselines/load.ts";
import type { LoadedRun } from "../run/types.ts";

/**
 * Undefined when `run` covers exactly `universe` (the instances `baseline` was measured on: SWE-bench
 * Verified). Otherwise the refusal, or with `allow` (--allow-different-set) the sizes side by side.
 */
export function instanceSetCheck(run: LoadedRun, baseline: Baseline, universe: readonly string[], allow: boolean): { readonly refusal?: string; readonly note?: string } | undefined {
  const theirs = new Set(universe);
  const ours = run.instances.map((i) => i.id);
  const common = ours.filter((id) => theirs.has(id)).length;
  if (common === ours.length && common === theirs.size) return undefined;
  const sizes = `${run.id} ${ours.length} instance(s) vs ${baseline.key} ${theirs.size} (SWE-bench Verified), ${common} in common`;
  if (allow) return { note: `different instance sets (--allow-different-set): ${sizes}; the rates are not over the same instances` };
  return {
    refusal: `${baseline.key} was measured on the ${theirs.size} instances of SWE-bench Verified, run ${run.id} on another set (${sizes}): ` +
      "a baseline is compared only with a run over the same instances; run the full set, or pass --allow-different-set to compare anyway",
  };
}
