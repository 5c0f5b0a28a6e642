import type { Baseline } from "../baselines/load.ts";
import type { LoadedRun } from "../run/types.ts";
import type { DifficultyMap } from "./difficulty.ts";
import { summarizeRun } from "./run-summary.ts";
import type { ExcludeList } from "../run/exclude.ts";
import { assertSameDataset } from "./same-dataset.ts";
import { summarizeGroups } from "./seeds.ts";
import { seedsSection } from "../seeds/section.ts";
import { contaminationSection } from "../contamination/section.ts";
import type { GoldPatches } from "../contamination/gold.ts";
import { protocolLabel, sameProtocol, type ProtocolIdentity } from "../../protocol/identity.ts";

/** What summary.json holds and every report output is made from. */
export type ReportData = ReturnType<typeof buildReport>;

export function buildReport(runs: readonly LoadedRun[], difficulty: DifficultyMap, baselines: readonly Baseline[], now = new Date(), exclude?: ExcludeList, gold?: GoldPatches) {
  assertSameDataset(runs);
  const summaries = runs.map((run) => summarizeRun(run, difficulty, exclude));
  const contexts = new Set(summaries.flatMap((s) => (s.context === undefined ? [] : [s.context])));
  const wanted = contexts.size > 0 ? contexts : new Set(["32k", "64k"]);
  const points = baselines
    .filter((b) => b.origin === "sera-paper" && b.seeds !== undefined && b.context !== undefined && wanted.has(b.context))
    .map((b) => ({ key: b.key, name: b.name, context: b.context, rate: b.resolvedPct / 100, sd: b.seeds === undefined ? undefined : b.seeds.sdPct / 100, source: b.source, protocol: protocolLabel(b.protocol), protocolIdentity: b.protocol }));
  return {
    generatedAt: now.toISOString(), runs: summaries, groups: summarizeGroups(summaries, runs),
    /** The paper's re-run figures (mean ± sd of 3 seeds) at the contexts of our runs (32k and 64k when no run records one). */
    baselines: points,
    /** Per-seed rates, mean ± sd, SNR against the paper's seeded rows and seeds needed (report/seeds/). */
    seeds: seedsSection(summaries, baselines),
    /** Share of predictions containing the gold patch verbatim (report/contamination/); undefined when not asked. */
    contamination: gold === undefined ? undefined : contaminationSection(runs, gold),
    /** Runs shown beside the paper's rows although another protocol made them (compare would refuse them). */
    protocolNotes: protocolNotes(runs, points),
  };
}

function protocolNotes(runs: readonly LoadedRun[], points: readonly { readonly protocol: string; readonly protocolIdentity: ProtocolIdentity }[]): string[] {
  const theirs = points[0];
  if (theirs === undefined) return [];
  return runs.filter((run) => !sameProtocol(run.protocol, theirs.protocolIdentity)).map((run) =>
    `${run.id} was made under protocol ${protocolLabel(run.protocol)}, the paper's rows under ${theirs.protocol}: shown side by side, not comparable (compare refuses them without --allow-different-protocol)`);
}
