/** Text for the seed figures: console, markdown and HTML share these lines. */
import type { SeedComparison, SeedsNeeded } from "./compare-seeds.ts";
import type { SeedGroupSection } from "./section.ts";

/** A fraction as points: 0.012 -> "1.2". */
export const points = (fraction: number, digits = 1) => (fraction * 100).toFixed(digits);
const signed = (fraction: number) => `${fraction >= 0 ? "+" : ""}${points(fraction)} pp`;

export function formatSnr(snr: number | undefined): string {
  if (snr === undefined) return "n/a (no spread)";
  if (!Number.isFinite(snr)) return `${snr > 0 ? "+" : "-"}inf (no spread between seeds)`;
  return snr.toFixed(2);
}

export function formatSeedsNeeded(needed: readonly SeedsNeeded[]): string {
  if (needed.every((n) => n.seeds === undefined)) return "seeds needed: n/a (no spread)";
  return `seeds needed per side (80% power, two-sided alpha 0.05): ${needed.map((n) => `${n.points} pt ${n.seeds ?? "n/a"}`).join(", ")}`;
}

/** "ours 3 seeds 60.0 ± 1.2 vs ...: +2.0 pp, pooled sd 1.5 pp, SNR 1.33 (preliminary), seeds needed ..." */
export function formatSeedComparison(c: SeedComparison): string {
  const side = (s: SeedComparison["ours"]) => `${s.label} ${points(s.mean)}%${s.sd === undefined ? "" : ` ± ${points(s.sd)}`}`;
  const verdict = c.snr === undefined ? "" : c.preliminary ? " (preliminary: under 2)" : " (2 or more)";
  const lines = [`${side(c.ours)} vs ${side(c.other)}: ${signed(c.difference)}, pooled sd ${c.pooledSd === undefined ? "n/a" : `${points(c.pooledSd)} pp`}, SNR ${formatSnr(c.snr)}${verdict}; ${formatSeedsNeeded(c.seedsNeeded)}`];
  if (c.note !== undefined) lines.push(`  note: ${c.note}`);
  return lines.join("\n");
}

/** The lines of one seed group: per-seed rates, mean ± sd, seeds needed, then each baseline. */
export function seedGroupLines(g: SeedGroupSection): string[] {
  const seeds = g.seeds.map((s) => `${s.runId}${s.seed === undefined ? "" : ` (seed ${s.seed})`} ${points(s.rate)}%`).join(", ");
  const spread = g.sd === undefined ? "one run: no spread" : `mean ${points(g.mean)}% ± ${points(g.sd)} (sd over ${g.seeds.length} seeds)`;
  return [
    `${g.group}: ${spread}; per seed: ${seeds}`,
    `  ${formatSeedsNeeded(g.seedsNeeded)}`,
    ...g.vsBaselines.map((c) => `  vs ${formatSeedComparison(c).replaceAll("\n", "\n  ")}`),
  ];
}
