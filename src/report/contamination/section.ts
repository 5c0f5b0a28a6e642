/** The report's contamination check: each run's exact-match rate against the gold patches (pure). */
import type { LoadedRun } from "../run/types.ts";
import type { GoldPatches } from "./gold.ts";
import { EXACT_MATCH_FLAG, runExactMatch, type RunExactMatch } from "./run-rate.ts";

export type ContaminationSection =
  | { readonly available: true; readonly dataset: string; readonly flagAbove: number; readonly runs: readonly RunExactMatch[] }
  | { readonly available: false; readonly reason: string };

export function contaminationSection(runs: readonly LoadedRun[], gold: GoldPatches): ContaminationSection {
  if (!gold.available) return gold;
  return { available: true, dataset: gold.dataset, flagAbove: EXACT_MATCH_FLAG, runs: runs.map((run) => runExactMatch(run, gold.patches)) };
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

/** One line per run (console, markdown, HTML). */
export function exactMatchLine(r: RunExactMatch): string {
  const flag = r.flagged ? `: FLAGGED, over ${pct(EXACT_MATCH_FLAG)} (the leaderboard's maintainers question such runs; Verified submissions average 6.7%, 0-13%)` : "";
  const ids = r.matched.length === 0 ? "" : `; matching: ${r.matched.join(", ")}`;
  const extra = [
    r.unparseable.length === 0 ? "" : `; ${r.unparseable.length} prediction(s) not a readable diff: ${r.unparseable.join(", ")}`,
    r.noGold.length === 0 ? "" : `; ${r.noGold.length} instance(s) without a gold patch in the dataset, left out`,
  ].join("");
  return `${r.runId}: exact match with the gold patch ${r.matched.length}/${r.total} = ${pct(r.rate)}${flag}${ids}${extra}`;
}

export function contaminationLines(section: ContaminationSection | undefined): string[] {
  if (section === undefined) return [];
  if (!section.available) return [`exact match with the gold patch: not checked: ${section.reason}`];
  return section.runs.map(exactMatchLine);
}
