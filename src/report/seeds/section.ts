/** The report's "how sure" section: per-seed rates, mean ± sd, and against the paper's seeded rows (pure). */
import type { Baseline } from "../baselines/load.ts";
import type { RunSummary } from "../summary/run-summary.ts";
import { meanSd } from "../stats/describe.ts";
import { compareSeeds, seedsNeededFor, type SeedComparison, type SeedsNeeded } from "./compare-seeds.ts";

export interface SeedGroupSection {
  readonly group: string;
  readonly context: string | undefined;
  readonly seeds: readonly { readonly runId: string; readonly seed: number | string | undefined; readonly rate: number }[];
  readonly mean: number;
  /** Sample standard deviation of the seeds' rates (fraction); undefined for one run. */
  readonly sd: number | undefined;
  /** Seeds per configuration to detect 1, 2, 3 points against another with the same spread. */
  readonly seedsNeeded: readonly SeedsNeeded[];
  /** Against the SERA paper's rows (mean ± sd over their seeds) at the group's context length. */
  readonly vsBaselines: readonly (SeedComparison & { readonly source: string })[];
}

export type SeedsSection = readonly SeedGroupSection[];

export function seedsSection(summaries: readonly RunSummary[], baselines: readonly Baseline[]): SeedsSection {
  const groups = new Map<string, RunSummary[]>();
  for (const summary of summaries) groups.set(summary.group, [...(groups.get(summary.group) ?? []), summary]);
  return [...groups.entries()].map(([group, members]) => {
    const stats = meanSd(members.map((m) => m.overall.rate));
    const context = members[0]?.context;
    const ours = { label: members.length === 1 ? (members[0]?.runId ?? group) : `${group} (${members.length} seeds)`, n: stats.n, mean: stats.mean, sd: stats.sd };
    const rows = baselines.filter((b) => b.origin === "sera-paper" && b.seeds !== undefined && b.context !== undefined && b.context === context);
    return {
      group, context,
      seeds: members.map((m) => ({ runId: m.runId, seed: m.seed ?? undefined, rate: m.overall.rate })),
      mean: stats.mean, sd: stats.sd, seedsNeeded: seedsNeededFor(stats.sd),
      vsBaselines: rows.map((b) => {
        const c = compareSeeds(ours, { label: `${b.key} (paper, ${b.seeds?.n ?? 1} seeds)`, n: b.seeds?.n ?? 1, mean: b.resolvedPct / 100, sd: b.seeds === undefined ? undefined : b.seeds.sdPct / 100 });
        const total = members[0]?.overall.total ?? 0;
        const sets = total === b.total ? undefined : `the paper's figure is over the ${b.total} instances of SWE-bench Verified, this configuration over ${total}: the rates are not over the same instances`;
        return { ...c, note: [c.note, sets].filter((n) => n !== undefined).join("; ") || undefined, source: b.source };
      }),
    };
  });
}
