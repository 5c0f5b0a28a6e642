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
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { optional } from "../util/optional.ts";
import { FLAKES_FILE, makeFlakeList } from "./files/flake-list.ts";
import type { FlakeList } from "./files/flake-list.ts";
import { readStability } from "./files/stability.ts";
import type { InstanceStability } from "./files/stability.ts";
import type { InstanceFiles } from "../evaluation/evaluate-instance.ts";
import { COSTS_FILE, instanceCost, type CostsFile, type InstanceCost } from "./files/costs.ts";
import type { TrajectoryView } from "./files/schemas.ts";

export interface EvalReports {
  readonly report: RunReport;
  readonly reportPath: string;
  readonly results: readonly InstanceResult[];
  /** `--repeat N`: the run's flake list (also written to <run>/flakes.json); undefined without repeats. */
  readonly flakes?: FlakeList;
}

export function readResult(layout: Pick<InstanceFiles, "instanceFile">, id: string): Promise<InstanceResult | undefined> {
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

/** Of `ids`, those whose first evaluation is kept (it has its report.json) and resolved: `--repeat` instances resumed for their repeats. */
export async function keptResolved(layout: RunLayout, ids: Iterable<string>): Promise<number> {
  let resolved = 0;
  for (const id of ids) {
    if ((await readResult(layout, id))?.status === "resolved" && existsSync(layout.instanceFile(id, "report.json"))) resolved += 1;
  }
  return resolved;
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
  extra: {
    readonly errors?: ReadonlyMap<string, string>; readonly leakAttempts?: ReadonlyMap<string, string>; readonly dataset?: string;
    /** Agent runs: the trajectories, for costs.json and the cost columns of instances.csv. */
    readonly trajectories?: ReadonlyMap<string, TrajectoryView | undefined>;
  } = {},
): Promise<EvalReports> {
  const results: InstanceResult[] = [];
  const outcomes = new Map<string, InstanceStatus>();
  for (const instance of selected) {
    const id = instance.instance_id;
    const prediction = predictions.get(id);
    if (prediction === undefined) continue;
    const error = extra.errors?.get(id);
    const result = error !== undefined ? errorResult(id, error) : prediction.isEmpty ? emptyResult(id) : ((await readResult(layout, id)) ?? incompleteResult(id));
    results.push(result);
    outcomes.set(id, result.status);
  }
  const report = makeRunReport({ datasetIds: selected.map((i) => i.instance_id), submittedIds: [...predictions.keys()], outcomes });
  const reportPath = layout.runReport(modelName);
  await writeJsonAtomic(reportPath, report, 4);
  const stabilities = await readStabilities(layout, results);
  const costs = extra.trajectories === undefined ? undefined : await writeCosts(layout, results, extra.trajectories);
  await writeFileAtomic(layout.instancesCsv, instancesCsv(results, { ...optional("leakAttempts", extra.leakAttempts), ...optional("costs", costs), stabilities }));
  const flakes = await writeFlakeList(layout, results, stabilities, extra.dataset);
  return { report, reportPath, results, ...optional("flakes", flakes) };
}

/** `<run>/costs.json`: what each instance cost (files/costs.ts), for instances.csv too. */
async function writeCosts(layout: RunLayout, results: readonly InstanceResult[], trajectories: ReadonlyMap<string, TrajectoryView | undefined>): Promise<Map<string, InstanceCost>> {
  // A result made up here (empty patch, rollout error, not evaluated) has no timings: nothing was evaluated.
  const evaluated = (r: InstanceResult) => (Object.keys(r.timings_ms).length === 0 ? undefined : r);
  const costs = new Map(results.map((r) => [r.instance_id, instanceCost(r.instance_id, trajectories.get(r.instance_id), evaluated(r))]));
  const file: CostsFile = { format: "sera-bench.costs/1", run_id: basename(layout.runDir), instances: [...costs.values()] };
  await writeJsonAtomic(join(layout.runDir, COSTS_FILE), file, 1);
  return costs;
}

async function readStabilities(layout: RunLayout, results: readonly InstanceResult[]): Promise<Map<string, InstanceStability>> {
  const stabilities = new Map<string, InstanceStability>();
  for (const result of results) {
    const stability = await readStability(layout, result.instance_id);
    if (stability !== undefined) stabilities.set(result.instance_id, stability);
  }
  return stabilities;
}

/** `--repeat N`: <run>/flakes.json from the instances' stability files; undefined without repeats. */
async function writeFlakeList(
  layout: RunLayout, results: readonly InstanceResult[], stabilities: ReadonlyMap<string, InstanceStability>, dataset: string | undefined,
): Promise<FlakeList | undefined> {
  if (stabilities.size === 0) return undefined;
  const flakes = makeFlakeList({ runId: basename(layout.runDir), ...optional("dataset", dataset) }, results, stabilities);
  await writeJsonAtomic(join(layout.runDir, FLAKES_FILE), flakes, 2);
  return flakes;
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
  const trajectories = new Map<string, TrajectoryView | undefined>();
  for (const instance of instances) {
    const saved = await readSavedPrediction(layout, instance.instance_id);
    if (saved !== undefined) predictions.set(instance.instance_id, toPrediction(saved));
    const traj = await readJsonIfValid(layout.trajectory(instance.instance_id), trajectorySchema);
    leakAttempts.set(instance.instance_id, (traj?.info?.leak_attempts ?? []).map((a) => `${a.kind} [call ${a.call}]`).join("; "));
    trajectories.set(instance.instance_id, traj);
  }
  return writeEvalReports(instances, predictions, modelName, layout, { errors, leakAttempts, trajectories });
}
