/**
 * `gate --min-snr X` (pure): the run (or seed group) claims an improvement over `--reference`; the
 * claim passes when (ours - reference) / pooled sd >= X. No improvement (a difference <= 0) fails.
 * With one run on each side there is no spread to divide by: the check cannot judge (exit 2).
 */
import type { Comparison } from "../compare/choose-test.ts";
import type { GateCheck } from "../gate/types.ts";
import { seedComparisonOf } from "./compare-seeds.ts";
import { formatSeedComparison, formatSnr } from "./format.ts";

/** A check of this name that fails makes the verdict INVALID: the gate could not judge. */
export const NO_SPREAD_CHECK = "min-snr-spread";

export function snrCheck(comparison: Comparison, minSnr: number): GateCheck {
  const c = seedComparisonOf(comparison.ours, comparison.other);
  const figures = formatSeedComparison(c).replaceAll("\n", ";");
  if (c.snr === undefined) {
    return { name: NO_SPREAD_CHECK, passed: false, message: `--min-snr ${minSnr} needs the run-to-run spread of seeds: ${c.note ?? "no spread known"}` };
  }
  const passed = c.snr >= minSnr;
  const claim = c.difference > 0 ? "claimed improvement" : "no improvement (the run is not above the reference)";
  return { name: "min-snr", passed, message: `${claim}: signal-to-noise ratio ${formatSnr(c.snr)} ${passed ? ">=" : "<"} minimum ${minSnr}: ${figures}` };
}
