/** `sera-bench agreement`: per-instance patch agreement between runs, and the resolve rate within each band. */
import type { LoadedRun } from "../run/types.ts";
import { assertSameDataset } from "../summary/same-dataset.ts";
import { bandOf, softRecall, type AgreementBand } from "./recall.ts";
import { SeraBenchError } from "../../util/errors.ts";

export const BANDS = ["hard", "soft", "unverified", "undefined"] as const satisfies readonly AgreementBand[];

export interface InstanceAgreement {
  readonly instanceId: string;
  /** r(P_i, P_j) for each pair of runs i < j, the earlier run's patch as P1. */
  readonly pairs: readonly { readonly p1: string; readonly p2: string; readonly recall: number | undefined }[];
  /** The lowest defined pair recall (all pairs must agree to be hard verified). */
  readonly recall: number | undefined;
  readonly band: AgreementBand;
  /** How many of the runs resolved this instance. */
  readonly resolved: number;
}

export interface BandSummary {
  readonly band: AgreementBand;
  readonly instances: number;
  /** Resolved (instance, run) pairs / (instances × runs) within the band. */
  readonly resolveRate: number | undefined;
}

export interface AgreementResult {
  readonly runs: readonly string[];
  readonly instances: readonly InstanceAgreement[];
  readonly bands: readonly BandSummary[];
}

export function agreementOf(runs: readonly LoadedRun[]): AgreementResult {
  if (runs.length < 2) throw new SeraBenchError(`agreement: name at least two runs (got ${runs.length})`);
  assertSameDataset(runs);
  const patches = runs.map((run) => new Map(run.instances.map((i) => [i.id, i.patch])));
  const resolvedSets = runs.map((run) => new Set(run.report.resolved_ids));
  const ids = (runs[0]?.instances ?? []).map((i) => i.id);
  const instances = ids.map((id): InstanceAgreement => {
    const pairs = runs.flatMap((a, i) => runs.slice(i + 1).map((b, k) => ({ p1: a.id, p2: b.id, recall: softRecall(patches[i]?.get(id), patches[i + 1 + k]?.get(id)) })));
    const defined = pairs.map((p) => p.recall).filter((r): r is number => r !== undefined);
    const recall = defined.length === 0 ? undefined : Math.min(...defined);
    return { instanceId: id, pairs, recall, band: bandOf(recall), resolved: resolvedSets.filter((s) => s.has(id)).length };
  });
  const bands = BANDS.map((band): BandSummary => {
    const inBand = instances.filter((i) => i.band === band);
    const resolved = inBand.reduce((sum, i) => sum + i.resolved, 0);
    return { band, instances: inBand.length, resolveRate: inBand.length === 0 ? undefined : resolved / (inBand.length * runs.length) };
  });
  return { runs: runs.map((r) => r.id), instances, bands };
}
