/** `sera-bench agreement`: per-instance patch agreement between runs, and the resolve rate within each band. */
import type { LoadedRun } from "../run/types.ts";
import { assertSameDataset } from "../summary/same-dataset.ts";
import { BANDS, bandOf, softRecall } from "./recall.ts";
import { SeraBenchError } from "../../util/errors.ts";

export function agreementOf(runs: readonly LoadedRun[]) {
  if (runs.length < 2) throw new SeraBenchError(`agreement: name at least two runs (got ${runs.length})`);
  assertSameDataset(runs);
  const patches = runs.map((run) => new Map(run.instances.map((i) => [i.id, i.patch])));
  const resolvedSets = runs.map((run) => new Set(run.report.resolved_ids));
  const ids = (runs[0]?.instances ?? []).map((i) => i.id);
  const instances = ids.map((id) => {
    const pairs = runs.flatMap((a, i) => runs.slice(i + 1).map((b, k) => ({ p1: a.id, p2: b.id, recall: softRecall(patches[i]?.get(id), patches[i + 1 + k]?.get(id)) })));
    const defined = pairs.map((p) => p.recall).filter((r): r is number => r !== undefined);
    const recall = defined.length === 0 ? undefined : Math.min(...defined);
    return {
      instanceId: id,
      /** r(P_i, P_j) for each pair of runs i < j, the earlier run's patch as P1. */
      pairs,
      /** The lowest defined pair recall (all pairs must agree to be hard verified). */
      recall, band: bandOf(recall),
      /** How many of the runs resolved this instance. */
      resolved: resolvedSets.filter((s) => s.has(id)).length,
    };
  });
  const bands = BANDS.map((band) => {
    const inBand = instances.filter((i) => i.band === band);
    const resolved = inBand.reduce((sum, i) => sum + i.resolved, 0);
    return {
      band, instances: inBand.length,
      /** Resolved (instance, run) pairs / (instances × runs) within the band. */
      resolveRate: inBand.length === 0 ? undefined : resolved / (inBand.length * runs.length),
    };
  });
  return { runs: runs.map((r) => r.id), instances, bands };
}
