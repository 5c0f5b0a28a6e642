/**
 * An instance whose agent rollout failed for infrastructure reasons (exit_api,
 * exit_environment_error, exit_error: the harness or the server, not the model) is an error in every
 * report, whatever bucket the run report file gives it: runs written before sera-bench said so filed
 * such rollouts as empty patches (or graded their partial patch).
 */
import { isErrorStatus } from "../../agent/types.ts";
import type { RunReportView } from "../../run/files/schemas.ts";
import type { RunInstance } from "./types.ts";

export interface RolloutErrors {
  readonly report: RunReportView;
  readonly instances: readonly RunInstance[];
  /** Says which ids were moved to the errors, when the file had them elsewhere. */
  readonly warning: string | undefined;
}

/** The instance is an error because its rollout failed (nothing was left to evaluate). */
export function isRolloutError(instance: Pick<RunInstance, "outcome" | "trajectory">): boolean {
  return instance.outcome === "error" && isErrorStatus(instance.trajectory?.exitStatus);
}

export function countRolloutErrors(report: RunReportView, instances: readonly RunInstance[]): RolloutErrors {
  const moved = instances.filter((i) => i.outcome !== "error" && i.outcome !== "not_submitted" && isErrorStatus(i.trajectory?.exitStatus));
  if (moved.length === 0) return { report, instances, warning: undefined };
  const ids = new Set(moved.map((i) => i.id));
  const keep = (list: readonly string[]) => list.filter((id) => !ids.has(id));
  const completed = keep(report.completed_ids);
  const resolved = keep(report.resolved_ids);
  const unresolved = keep(report.unresolved_ids);
  const empty = keep(report.empty_patch_ids);
  const error = [...report.error_ids, ...ids].sort();
  const adjusted: RunReportView = {
    ...report,
    completed_instances: completed.length, resolved_instances: resolved.length, unresolved_instances: unresolved.length,
    empty_patch_instances: empty.length, error_instances: error.length,
    completed_ids: completed, resolved_ids: resolved, unresolved_ids: unresolved, empty_patch_ids: empty, error_ids: error,
  };
  const detail = moved.map((i) => `${i.id} (${i.trajectory?.exitStatus ?? ""}, filed as ${i.outcome})`);
  return {
    report: adjusted,
    instances: instances.map((i) => (ids.has(i.id) ? { ...i, outcome: "error" } : i)),
    warning: `${moved.length} instance(s) whose agent rollout failed for infrastructure reasons are counted as errors, not as the run report file says: ${detail.join(", ")}`,
  };
}
