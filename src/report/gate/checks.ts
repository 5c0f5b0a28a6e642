/** The gate's checks on a loaded run (pure). */
import { formatComparison } from "../compare/format.ts";
import type { Comparison } from "../compare/choose-test.ts";
import { formatRate, pct } from "../output/format.ts";
import { rateOf } from "../summary/rate.ts";
import type { LoadedRun } from "../run/types.ts";
import type { GateCheck } from "./types.ts";

export function completenessCheck(run: LoadedRun, allowIncomplete: boolean): GateCheck {
  if (run.incomplete.length === 0) return { name: "complete", passed: true, message: `run ${run.id} is complete (${run.report.total_instances} instances)` };
  const what = run.incomplete.join("; ");
  return allowIncomplete
    ? { name: "complete", passed: true, message: `run ${run.id} is incomplete but --allow-incomplete was given (missing work counts as unresolved): ${what}` }
    : { name: "complete", passed: false, message: `run ${run.id} is incomplete: ${what}` };
}

export function resolveRateCheck(run: LoadedRun, min: number): GateCheck {
  const rate = rateOf(run.report.resolved_instances, run.report.total_instances);
  const passed = rate.rate >= min;
  return { name: "min-resolve-rate", passed, message: `resolved ${formatRate(rate)} ${passed ? ">=" : "<"} minimum ${pct(min)}` };
}

export function errorRateCheck(run: LoadedRun, max: number): GateCheck {
  const total = run.report.total_instances;
  const rate = total === 0 ? 0 : run.report.error_instances / total;
  const passed = rate <= max;
  return { name: "max-error-rate", passed, message: `errors ${run.report.error_instances}/${total} = ${pct(rate)} ${passed ? "<=" : ">"} maximum ${pct(max)}` };
}

/** A drop beyond `maxDrop` fails only when the test says it is not noise. */
export function referenceCheck(comparison: Comparison, maxDrop: number): GateCheck {
  const drop = -comparison.difference;
  const beyond = drop > maxDrop;
  const passed = !(beyond && comparison.significant);
  const reason = !beyond
    ? `drop ${(drop * 100).toFixed(1)} pp is within the allowed ${(maxDrop * 100).toFixed(1)} pp`
    : comparison.significant
      ? `significant drop of ${(drop * 100).toFixed(1)} pp (allowed ${(maxDrop * 100).toFixed(1)} pp)`
      : `drop of ${(drop * 100).toFixed(1)} pp exceeds ${(maxDrop * 100).toFixed(1)} pp but is not significant (could be noise)`;
  return { name: "reference", passed, message: `${reason}: ${formatComparison(comparison).replaceAll("\n", ";")}` };
}
