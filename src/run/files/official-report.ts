import type { InstanceStatus } from "../../evaluation/outcome.ts";
import type { RunReportView } from "./schemas.ts";

/** The official run report (`<model>.<run_id>.json`, schema_version 2), key order as upstream; its schema is the readers'. */
export type RunReport = RunReportView & { readonly schema_version: 2 };

export interface ReportInput {
  /** Every instance of the (filtered) dataset, in any order. */
  readonly datasetIds: readonly string[];
  /** Ids that have a prediction. */
  readonly submittedIds: readonly string[];
  /** Outcome per submitted id; a submitted id without one was never finished (an error). */
  readonly outcomes: ReadonlyMap<string, InstanceStatus>;
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

/**
 * Buckets as the official make_run_report: no prediction -> incomplete; empty patch -> empty;
 * a report -> completed and resolved or unresolved; anything else -> error. The keys and their
 * order are upstream's; only the outcomes are ours: an agent rollout that failed for infrastructure
 * reasons has outcome "error" (it lands in error_ids with the evaluations the harness could not
 * finish, never in the empty patches).
 */
export function makeRunReport(input: ReportInput): RunReport {
  const submitted = new Set(input.submittedIds);
  const buckets = { completed: [] as string[], incomplete: [] as string[], empty: [] as string[], resolved: [] as string[], unresolved: [] as string[], error: [] as string[] };
  for (const id of input.datasetIds) {
    if (!submitted.has(id)) {
      buckets.incomplete.push(id);
      continue;
    }
    const status = input.outcomes.get(id) ?? "error";
    if (status === "empty") buckets.empty.push(id);
    else if (status === "error") buckets.error.push(id);
    else {
      buckets.completed.push(id);
      buckets[status].push(id);
    }
  }
  return {
    total_instances: input.datasetIds.length,
    submitted_instances: submitted.size,
    completed_instances: buckets.completed.length,
    resolved_instances: buckets.resolved.length,
    unresolved_instances: buckets.unresolved.length,
    empty_patch_instances: buckets.empty.length,
    error_instances: buckets.error.length,
    completed_ids: sorted(buckets.completed),
    incomplete_ids: sorted(buckets.incomplete),
    empty_patch_ids: sorted(buckets.empty),
    submitted_ids: sorted(submitted),
    resolved_ids: sorted(buckets.resolved),
    unresolved_ids: sorted(buckets.unresolved),
    error_ids: sorted(buckets.error),
    schema_version: 2,
  };
}

/** The lines the official harness prints at the end of a run. */
export function formatRunReport(report: RunReport): string {
  return [
    `Total instances: ${report.total_instances}`,
    `Instances submitted: ${report.submitted_instances}`,
    `Instances completed: ${report.completed_instances}`,
    `Instances incomplete: ${report.incomplete_ids.length}`,
    `Instances resolved: ${report.resolved_instances}`,
    `Instances unresolved: ${report.unresolved_instances}`,
    `Instances with empty patches: ${report.empty_patch_instances}`,
    `Instances with errors: ${report.error_instances}`,
  ].join("\n");
}
