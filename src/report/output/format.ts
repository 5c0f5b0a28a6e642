import type { Distribution } from "../summary/distribution.ts";
import type { Rate } from "../summary/rate.ts";
import type { RunSummary } from "../summary/run-summary.ts";
import { formatStability } from "../summary/stability.ts";

export const pct = (fraction: number, digits = 1) => `${(fraction * 100).toFixed(digits)}%`;

/** "247/500 = 49.4% [45.0%, 53.8%]" */
export function formatRate(rate: Rate): string {
  return `${rate.resolved}/${rate.total} = ${pct(rate.rate)} [${pct(rate.ci95.low)}, ${pct(rate.ci95.high)}]`;
}

export function formatDistribution(d: Distribution | undefined, unit = ""): string {
  if (d === undefined) return "n/a";
  const n = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(1));
  return `mean ${n(d.mean)}${unit}, median ${n(d.median)}${unit}, max ${n(d.max)}${unit}, total ${n(d.sum)}${unit} (${d.count})`;
}

export function formatMeanSd(mean: number, sd: number | undefined): string {
  return sd === undefined ? pct(mean) : `${pct(mean)} ± ${(sd * 100).toFixed(1)}`;
}

/** "Repeats: ..." (eval --repeat N) and "Without N excluded ...: rate" (--exclude FILE); none without either. */
export function stabilityLines(run: Pick<RunSummary, "stability" | "excluded">): string[] {
  const lines: string[] = [];
  if (run.stability !== undefined) lines.push(`Repeats: ${formatStability(run.stability)}`);
  const x = run.excluded;
  if (x !== undefined) lines.push(`Without the ${x.ids.length} instance(s) of ${x.file}${x.ids.length === 0 ? "" : ` (${x.ids.join(", ")})`}: ${formatRate(x.overall)}`);
  return lines;
}
