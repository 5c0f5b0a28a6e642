import { toPrediction } from "../dataset/prediction-schema.ts";
import type { Prediction } from "../dataset/prediction-schema.ts";
import type { Instance } from "../dataset/row.ts";
import { writeFileAtomic, writeJsonAtomic } from "../util/fs-atomic.ts";
import { readJsonIfValid } from "../util/json-file.ts";
import { instanceResultSchema } from "../evaluation/outcome.ts";
import { readSavedPrediction } from "./files/predictions.ts";
import { instancesCsv } from "./files/instances-csv.ts";
import { trajectorySchema } from "./files/schemas.ts";
import type { InstanceResult, InstanceStatus } from "../evaluation/outcome.ts";
import { makeRunReport } from "./files/official-report.ts";
import type { RunReport } from "./files/official-report.ts";
import type { RunLayout } from "./layout.ts";
import type { ResumedCounts } from "./events.ts";

export interface EvalReports {
  readonly report: RunReport;
  readonly reportPath: string;
  readonly results: readonly InstanceResult[];
}

export function readResult(layout: RunLayout, id: string): Promise<InstanceResult | undefined> {
  return readJsonIfValid(layout.instanceFile(id, "result.json"), instanceResultSchema);
}

/** What the instances already done count when an invocation starts: resolved and errors from their result.json. */
export async function resumedCounts(layout: RunLayout, doneIds: Iterable<string>): Promise<ResumedCounts> {
  const counts = { done: 0, resolved: 0, errors: 0 };
  for (const id of doneIds) {
    const status = (await readResult(layout, id))?.status;
    counts.done += 1;
    if (status === "resolved") counts.resolved += 1;
    if (status === "error") counts.errors += 1;
  }
  return counts;
}

/**
 * The official run report and instances.csv, read back from the per-instance files on disk, so an
 * invocation that resumed (or a coordinator whose workers ran elsewhere) reports the whole run.
 */
export async function writeEvalReports(
  selected: readonly Instance[],
  predictions: ReadonlyMap<string, Pick<Prediction, "isEmpty">>,
  modelName: string,
  layout: RunLayout,
  errors: ReadonlyMap<string, string> = new Map(),
  leakAttempts?: ReadonlyMap<string, string>,
): Promise<EvalReports> {
  const results: InstanceResult[] = [];
  const outcomes = new Map<string, InstanceStatus>();
  for (const instance of selected) {
    const id = instance.instance_id;
    const prediction = predictions.get(id);
    if (prediction === undefined) continue;
    const error = errors.get(id);
    const result = error !== undefined ? errorResult(id, error) : prediction.isEmpty ? emptyResult(id) : ((await readResult(layout, id)) ?? incompleteResult(id));
    results.push(result);
    outcomes.set(id, result.status);
  }
  const report = makeRunReport({ datasetIds: selected.map((i) => i.instance_id), submittedIds: [...predictions.keys()], outcomes });
  const reportPath = layout.runReport(modelName);
  await writeJsonAtomic(reportPath, report, 4);
  await writeFileAtomic(layout.instancesCsv, instancesCsv(results, leakAttempts));
  return { report, reportPath, results };
}

function emptyResult(id: string): InstanceResult {
  const now = new Date().toISOString();
  return { instance_id: id, status: "empty", verdicts_disagree: false, test_output_truncated: false, timings_ms: {}, started_at: now, finished_at: now };
}

function incompleteResult(id: string): InstanceResult {
  return errorResult(id, "not evaluated (the run was interrupted before this instance finished)");
}

function errorResult(id: string, error: string): InstanceResult {
  return { ...emptyResult(id), status: "error", error };
}

/**
 * The official run report and instances.csv of an agent run, from the saved predictions and
 * per-instance results. `errors`: instances whose rollout failed for infrastructure reasons (why):
 * errors in both files (the official report's error_ids, as upstream files an instance the harness
 * could not finish), whatever their patch, never empty patches.
 */
export async function writeAgentEvalReports(instances: readonly Instance[], layout: RunLayout, modelName: string, errors: ReadonlyMap<string, string>): Promise<EvalReports> {
  const predictions = new Map<string, Pick<Prediction, "isEmpty">>();
  const leakAttempts = new Map<string, string>();
  for (const instance of instances) {
    const saved = await readSavedPrediction(layout, instance.instance_id);
    if (saved !== undefined) predictions.set(instance.instance_id, toPrediction(saved));
    const traj = await readJsonIfValid(layout.trajectory(instance.instance_id), trajectorySchema);
    leakAttempts.set(instance.instance_id, (traj?.info?.leak_attempts ?? []).map((a) => `${a.kind} [call ${a.call}]`).join("; "));
  }
  return writeEvalReports(instances, predictions, modelName, layout, errors, leakAttempts);
}
