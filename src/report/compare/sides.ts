/** The two things a comparison puts side by side: our run(s) or a published baseline. */
import type { Baseline } from "../baselines/load.ts";
import type { LoadedRun } from "../run/types.ts";
import { meanSd } from "../stats/describe.ts";
import type { SampleSummary } from "../stats/welch.ts";
import { SeraBenchError } from "../../util/errors.ts";
import type { ProtocolIdentity } from "../../protocol/identity.ts";
import { groupProtocol } from "./protocols.ts";

export interface Side {
  readonly label: string;
  readonly origin: "run" | "baseline";
  /** Fraction resolved (mean over seeds for several runs). */
  readonly rate: number;
  /** Resolved and total for a single run or a published total. */
  readonly resolved: number;
  readonly total: number;
  /** Per-instance resolved ids and the ids they range over (single run or a baseline that publishes them). */
  readonly perInstance: { readonly ids: readonly string[]; readonly resolved: ReadonlySet<string> } | undefined;
  /** Mean and sd of the seeds' rates (fractions), when there are at least two seeds. */
  readonly seeds: SampleSummary | undefined;
  readonly context: string | undefined;
  /** Which protocol produced it (several seeds: theirs when they share one, else unknown). */
  readonly protocol: ProtocolIdentity;
  /** Instances of our run(s) that ended in an error (the harness or the server failed): in `total`, never resolved. */
  readonly errors?: number;
}

/** One run (labelled by its id), or several seeds of one configuration (labelled `<arg> (<n> seeds)`). */
export function runSide(arg: string, runs: readonly LoadedRun[], context: string | undefined): Side {
  if (runs.length === 0) throw new SeraBenchError("runSide: no run");
  const rates = runs.map((run) => (run.report.total_instances === 0 ? 0 : run.report.resolved_instances / run.report.total_instances));
  const stats = meanSd(rates);
  const single = runs.length === 1 ? runs[0] : undefined;
  const resolved = runs.reduce((sum, run) => sum + run.report.resolved_instances, 0);
  const total = runs.reduce((sum, run) => sum + run.report.total_instances, 0);
  const errors = runs.reduce((sum, run) => sum + run.report.error_instances, 0);
  return {
    label: single?.id ?? `${arg} (${runs.length} seeds)`, origin: "run", rate: stats.mean, resolved, total, context, errors, protocol: groupProtocol(runs),
    perInstance: single === undefined ? undefined : { ids: single.instances.map((i) => i.id), resolved: new Set(single.report.resolved_ids) },
    seeds: stats.sd === undefined ? undefined : { n: stats.n, mean: stats.mean, sd: stats.sd },
  };
}

/**
 * A published baseline. Per-instance ids range over `universe` (the 500 Verified ids); totals are
 * rounded from the published percentage.
 */
export function baselineSide(baseline: Baseline, universe: readonly string[]): Side {
  const rate = baseline.resolvedPct / 100;
  return {
    label: baseline.key, origin: "baseline", rate, total: baseline.total, context: baseline.context, protocol: baseline.protocol,
    resolved: baseline.resolvedIds?.size ?? Math.round(rate * baseline.total),
    perInstance: baseline.resolvedIds === undefined ? undefined : { ids: universe, resolved: baseline.resolvedIds },
    seeds: baseline.seeds === undefined ? undefined : { n: baseline.seeds.n, mean: rate, sd: baseline.seeds.sdPct / 100 },
  };
}
