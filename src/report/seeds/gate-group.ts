/**
 * The gate's checks on a seed group (`gate BASE --min-snr X --reference REF`, BASE standing for
 * BASE-s1, -s2, ...): every seed complete, the mean rate over the seeds against --min-resolve-rate,
 * errors over all seeds against --max-error-rate, the drop and the signal-to-noise ratio against the
 * reference (pure).
 */
import type { Comparison } from "../compare/choose-test.ts";
import { completenessCheck, referenceCheck } from "../gate/checks.ts";
import type { GateCheck, GateOptions } from "../gate/types.ts";
import { pct } from "../output/format.ts";
import type { LoadedRun } from "../run/types.ts";
import { meanSd } from "../stats/describe.ts";
import { snrCheck } from "./gate-check.ts";
import { points } from "./format.ts";

export function seedGroupChecks(runs: readonly LoadedRun[], options: GateOptions, reference: Comparison | GateCheck): GateCheck[] {
  const checks: GateCheck[] = [];
  if (options.exclude !== undefined || options.ignoreFlaky === true || options.maxExactMatch !== undefined) {
    checks.push({ name: "options", passed: false, message: "--exclude, --ignore-flaky and --max-exact-match judge one run: gate each seed run on its own with them" });
  }
  checks.push(...runs.map((run) => completenessCheck(run, options.allowIncomplete)));
  const rates = meanSd(runs.map((run) => (run.report.total_instances === 0 ? 0 : run.report.resolved_instances / run.report.total_instances)));
  const min = options.minResolveRate ?? 0;
  const passed = rates.mean >= min;
  checks.push({ name: "min-resolve-rate", passed, message: `mean over ${runs.length} seeds ${pct(rates.mean)}${rates.sd === undefined ? "" : ` ± ${points(rates.sd)}`} ${passed ? ">=" : "<"} minimum ${pct(min)}` });
  if (options.maxErrorRate !== undefined) {
    const errors = runs.reduce((sum, run) => sum + run.report.error_instances, 0);
    const total = runs.reduce((sum, run) => sum + run.report.total_instances, 0);
    const rate = total === 0 ? 0 : errors / total;
    checks.push({ name: "max-error-rate", passed: rate <= options.maxErrorRate, message: `errors ${errors}/${total} over ${runs.length} seeds = ${pct(rate)} ${rate <= options.maxErrorRate ? "<=" : ">"} maximum ${pct(options.maxErrorRate)}` });
  }
  if ("passed" in reference) return [...checks, reference];
  checks.push(referenceCheck(reference, options.maxDrop));
  if (options.minSnr !== undefined) checks.push(snrCheck(reference, options.minSnr));
  return checks;
}
