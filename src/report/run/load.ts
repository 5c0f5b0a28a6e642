import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { instanceResultSchema, predictionLineSchema, runMetaSchema, runReportSchema, type PredictionLine, type RunReportView } from "../../run/files/schemas.ts";
import { RunFolderError } from "./errors.ts";
import { countRolloutErrors, isRolloutError } from "./rollout-errors.ts";
import { instanceStabilitySchema } from "../../run/files/stability.ts";
import { resolveRunArgs } from "./find.ts";
import { parseJsonLines, readOptionalJson, readOptionalText } from "./read-json.ts";
import { readTrajectory, summarizeTrajectory, trajectoryPath } from "./trajectory.ts";
import { runProtocol } from "./protocol.ts";
import { repoOf, type InstanceOutcome, type LoadedRun, type RunInstance } from "./types.ts";
import { instanceCost } from "../../run/files/costs.ts";

const exists = (path: string) => stat(path).then(() => true, () => false);

/** RUN arguments (folders, ids under results/, or seed bases) -> loaded runs, in order. */
export async function loadRuns(args: readonly string[]): Promise<LoadedRun[]> {
  const dirs = await resolveRunArgs(args);
  const runs: LoadedRun[] = [];
  for (const dir of dirs) runs.push(await loadRun(dir));
  return runs;
}

/** Reads a run folder written by `sera-bench eval` (and, when present, the agent run's run.json and trajs/). */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const id = basename(dir);
  if (!(await exists(dir))) throw new RunFolderError(`${dir}: no such run folder`);
  const meta = await readOptionalJson(join(dir, "run.json"), "run metadata (run.json)", runMetaSchema);
  const file = await readRunReport(dir, id, typeof meta?.kind === "string" ? meta.kind : undefined);
  const predictions = await readPredictions(dir);
  const ids = datasetIds(file.report);
  const loaded = await Promise.all(ids.map((instanceId) => loadInstance(dir, instanceId, file.report, predictions.byId)));
  const { report, instances, warning } = countRolloutErrors(file.report, loaded);
  const incomplete = incompleteReasons(dir, report, instances, meta?.instance_ids);
  const missing = missingFiles(meta === undefined, instances);
  return {
    id, dir, meta, protocol: runProtocol(meta, instances), report, reportPath: file.reportPath, instances, incomplete, missing,
    modelNames: predictions.modelNames, duplicatePredictionIds: predictions.duplicates,
    warnings: [...verdictMismatches(instances), ...(warning === undefined ? [] : [warning])],
  };
}

async function readRunReport(dir: string, id: string, kind: string | undefined): Promise<{ report: RunReportView; reportPath: string }> {
  const files = await readdir(dir);
  const own = files.filter((name) => name.endsWith(`.${id}.json`));
  // A renamed run folder keeps its report under the old run id: accept the one report that is there.
  const names = own.length > 0 ? own : files.filter((name) => /^[^.].*\.[^.]+\.json$/.test(name) && name !== "run.json");
  if (names.length === 0) {
    throw new RunFolderError(`${dir}: missing the official run report <model>.${id}.json (${howToFinish(kind, dir, id)})`);
  }
  if (names.length > 1) throw new RunFolderError(`${dir}: several run reports (${names.join(", ")}): expected one model per run`);
  const reportPath = join(dir, names[0] ?? "");
  const report = await readOptionalJson(reportPath, "an official run report", runReportSchema);
  if (report === undefined) throw new RunFolderError(`${reportPath}: disappeared while reading`);
  return { report, reportPath };
}

/** What writes the missing run report, by the kind of run run.json records. */
function howToFinish(kind: string | undefined, dir: string, id: string): string {
  if (kind === "run") return `written at the end of \`sera-bench run\`; re-run the same run command (--run-id ${id}) to finish it: finished rollouts and evaluations are kept`;
  if (kind === "infer") return `an infer run has no evaluation: re-run the same infer command (--run-id ${id}) until it finishes, then evaluate its predictions: \`sera-bench eval -p ${join(dir, "predictions.jsonl")}\` with the same dataset (or use \`sera-bench run\`, which does both)`;
  return `written at the end of \`sera-bench eval\`; re-run eval with --run-id ${id} to finish it`;
}

async function readPredictions(dir: string): Promise<{ byId: Map<string, PredictionLine>; modelNames: string[]; duplicates: string[] }> {
  const path = join(dir, "predictions.jsonl");
  const text = await readOptionalText(path, "predictions");
  if (text === undefined) throw new RunFolderError(`${path}: missing (every run folder has the predictions it evaluated)`);
  const rows = parseJsonLines(text, path, predictionLineSchema);
  const byId = new Map<string, PredictionLine>();
  const duplicates = new Set<string>();
  for (const row of rows) {
    if (byId.has(row.instance_id)) duplicates.add(row.instance_id);
    byId.set(row.instance_id, row);
  }
  const modelNames = [...new Set(rows.map((row) => row.model_name_or_path))].sort();
  return { byId, modelNames, duplicates: [...duplicates].sort() };
}

/** Each id of the selection is in exactly one of these buckets of the official report. */
function datasetIds(report: RunReportView): string[] {
  const ids = new Set([...report.completed_ids, ...report.incomplete_ids, ...report.empty_patch_ids, ...report.error_ids]);
  return [...ids].sort();
}

function outcomeOf(id: string, report: RunReportView): InstanceOutcome {
  if (report.resolved_ids.includes(id)) return "resolved";
  if (report.unresolved_ids.includes(id)) return "unresolved";
  if (report.empty_patch_ids.includes(id)) return "empty";
  if (report.error_ids.includes(id)) return "error";
  return "not_submitted";
}

async function loadInstance(dir: string, id: string, report: RunReportView, predictions: ReadonlyMap<string, PredictionLine>): Promise<RunInstance> {
  const logDir = join(dir, "logs", id);
  const result = await readOptionalJson(join(logDir, "result.json"), "an instance result (result.json)", instanceResultSchema);
  const traj = await readTrajectory(dir, id);
  return {
    id, repo: repoOf(id), outcome: outcomeOf(id, report), logDir, result,
    patch: predictions.get(id)?.model_patch ?? undefined,
    hasReport: await exists(join(logDir, "report.json")),
    trajectory: traj === undefined ? undefined : summarizeTrajectory(trajectoryPath(dir, id), traj),
    cost: instanceCost(id, traj, result),
    stability: await readOptionalJson(join(logDir, "stability.json"), "an instance's stability over repeats (stability.json)", instanceStabilitySchema),
  };
}

/** An instance with a patch but neither a report nor a recorded error was never finished. */
function incompleteReasons(dir: string, report: RunReportView, instances: readonly RunInstance[], metaIds: readonly string[] | undefined): string[] {
  const reasons: string[] = [];
  if (report.incomplete_ids.length > 0) {
    reasons.push(`${report.incomplete_ids.length} instance(s) have no prediction: ${preview(report.incomplete_ids)}`);
  }
  for (const instance of instances) {
    if (instance.outcome === "empty" || instance.outcome === "not_submitted" || instance.hasReport) continue;
    if (instance.result?.status === "error" || isRolloutError(instance)) continue;
    const what = instance.result === undefined ? "report.json and result.json" : "report.json";
    reasons.push(`${instance.id}: not evaluated (${join(dir, "logs", instance.id)} has no ${what})`);
  }
  if (metaIds !== undefined) {
    const inReport = new Set(instances.map((i) => i.id));
    const absent = metaIds.filter((id) => !inReport.has(id));
    if (absent.length > 0) reasons.push(`run.json lists ${absent.length} instance(s) missing from the run report: ${preview(absent)}`);
  }
  return reasons;
}

function missingFiles(noMeta: boolean, instances: readonly RunInstance[]): string[] {
  const missing: string[] = [];
  if (noMeta) missing.push("run.json (model, context length, seed, dataset not recorded)");
  const noTraj = instances.filter((i) => i.outcome !== "not_submitted" && i.trajectory === undefined);
  if (noTraj.length === instances.length && instances.length > 0) missing.push("trajs/ (no trajectories: tokens, steps, wall time and exit statuses unknown)");
  else if (noTraj.length > 0) missing.push(`trajs/<id>.traj.json for ${noTraj.length} instance(s): ${preview(noTraj.map((i) => i.id))}`);
  return missing;
}

function verdictMismatches(instances: readonly RunInstance[]): string[] {
  return instances
    .filter((i) => i.result !== undefined && (i.outcome === "resolved" || i.outcome === "unresolved") && i.result.status !== i.outcome)
    .map((i) => `${i.id}: the run report says ${i.outcome} but result.json says ${i.result?.status ?? ""}`);
}

export function preview(ids: readonly string[], count = 5): string {
  return ids.length <= count ? ids.join(", ") : `${ids.slice(0, count).join(", ")} and ${ids.length - count} more`;
}
