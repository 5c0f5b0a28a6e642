/** `--exclude FILE` and `--ignore-flaky`: views of a loaded run with some instances left out or counted as resolved. */
import { flakeListSchema } from "../../run/files/flake-list.ts";
import type { RunReportView } from "../../run/files/schemas.ts";
import { RunFolderError } from "./errors.ts";
import { readOptionalJson } from "./read-json.ts";
import type { LoadedRun } from "./types.ts";

export interface ExcludeList {
  readonly file: string;
  readonly ids: ReadonlySet<string>;
}

/** The instances of a flake list (`sera-bench flakes`, or a run's flakes.json). */
export async function readExcludeList(file: string): Promise<ExcludeList> {
  const list = await readOptionalJson(file, "a flake list (sera-bench flakes --out FILE, or <run>/flakes.json)", flakeListSchema);
  if (list === undefined) throw new RunFolderError(`--exclude ${file}: no such file (write one with \`sera-bench flakes --dataset D --predictions gold --repeat N --out ${file}\`)`);
  return { file, ids: new Set(list.instances.map((i) => i.instance_id)) };
}

/** The run without these instances: the official buckets and counts recomputed over the rest. */
export function withoutInstances(run: LoadedRun, ids: ReadonlySet<string>): LoadedRun {
  const keep = (list: readonly string[]) => list.filter((id) => !ids.has(id));
  const r = run.report;
  const report: RunReportView = {
    ...r,
    completed_ids: keep(r.completed_ids), incomplete_ids: keep(r.incomplete_ids), empty_patch_ids: keep(r.empty_patch_ids),
    submitted_ids: keep(r.submitted_ids), resolved_ids: keep(r.resolved_ids), unresolved_ids: keep(r.unresolved_ids), error_ids: keep(r.error_ids),
  };
  const instances = run.instances.filter((i) => !ids.has(i.id));
  return { ...run, report: recount(report, instances.length), instances };
}

/** The run with its flaky instances (per their stability.json) counted as resolved, and their ids. */
export function flakyAsResolved(run: LoadedRun): { readonly run: LoadedRun; readonly flaky: readonly string[]; readonly lifted: readonly string[] } {
  const flaky = run.instances.filter((i) => i.stability?.stability === "flaky").map((i) => i.id);
  const lifted = new Set(flaky.filter((id) => !run.report.resolved_ids.includes(id)));
  if (lifted.size === 0) return { run, flaky, lifted: [] };
  const r = run.report;
  const report = { ...r, resolved_ids: [...r.resolved_ids, ...lifted].sort(), unresolved_ids: r.unresolved_ids.filter((id) => !lifted.has(id)), error_ids: r.error_ids.filter((id) => !lifted.has(id)) };
  const instances = run.instances.map((i) => (lifted.has(i.id) ? { ...i, outcome: "resolved" as const } : i));
  return { run: { ...run, report: recount(report, r.total_instances), instances }, flaky, lifted: [...lifted].sort() };
}

function recount(report: RunReportView, total: number): RunReportView {
  return {
    ...report, total_instances: total, submitted_instances: report.submitted_ids.length, completed_instances: report.completed_ids.length,
    resolved_instances: report.resolved_ids.length, unresolved_instances: report.unresolved_ids.length,
    empty_patch_instances: report.empty_patch_ids.length, error_instances: report.error_ids.length,
  };
}
