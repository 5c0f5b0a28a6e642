import type { LoadedRun } from "../run/types.ts";
import type { ExcludeList } from "../run/exclude.ts";
import { withoutInstances } from "../run/exclude.ts";
import { rateOf } from "./rate.ts";

/** What `--repeat N` found in a run: undefined when no instance was evaluated more than once. */
export function stabilityOf(run: LoadedRun) {
  const assessed = run.instances.filter((i) => i.stability !== undefined);
  if (assessed.length === 0) return undefined;
  return {
    repeats: Math.max(...assessed.map((i) => i.stability?.repeats ?? 1)),
    assessed: assessed.length,
    resolved: run.report.resolved_instances,
    /** Resolved by every evaluation. */
    resolvedStable: assessed.filter((i) => i.stability?.verdicts.every((v) => v === "resolved") === true).length,
    flaky: assessed.filter((i) => i.stability?.stability === "flaky").map((i) => i.id),
    unknown: assessed.filter((i) => i.stability?.stability === "unknown").map((i) => i.id),
  };
}
export type StabilitySummary = NonNullable<ReturnType<typeof stabilityOf>>;

/** "resolved 5, resolved-stable 4, flaky 1 (id) over 8 evaluations each" */
export function formatStability(s: StabilitySummary): string {
  const flaky = s.flaky.length === 0 ? "flaky 0" : `flaky ${s.flaky.length} (${s.flaky.join(", ")})`;
  const unknown = s.unknown.length === 0 ? "" : `, unknown ${s.unknown.length} (a repeat errored: ${s.unknown.join(", ")})`;
  return `resolved ${s.resolved}, resolved-stable ${s.resolvedStable}, ${flaky}${unknown}; ${s.repeats} evaluations per instance`;
}

/** The rate without the instances of an --exclude list (those of the run only). */
export function excludedRate(run: LoadedRun, exclude: ExcludeList) {
  const present = run.instances.filter((i) => exclude.ids.has(i.id)).map((i) => i.id);
  const rest = withoutInstances(run, new Set(present)).report;
  return { file: exclude.file, ids: present, overall: rateOf(rest.resolved_instances, rest.total_instances) };
}
export type ExcludedRate = ReturnType<typeof excludedRate>;
