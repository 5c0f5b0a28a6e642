/** `sera-bench submit`: the SWE-bench/experiments folder for a run, validated, plus an sb-cli predictions file. */
import { copyFile, mkdir, readdir, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { writePredictionLines } from "../../run/files/predictions.ts";
import { writeFileAtomic, writeJsonAtomic } from "../../util/fs-atomic.ts";
import { loadRun } from "../run/load.ts";
import type { LoadedRun } from "../run/types.ts";
import { verifiedInstances } from "../summary/difficulty.ts";
import { validateSubmission, type Attempts } from "./validate.ts";
import { toYaml } from "./yaml.ts";
import { SeraBenchError } from "../../util/errors.ts";

export interface SubmitOptions {
  readonly run: string;
  readonly name: string;
  readonly org: string;
  readonly outDir: string;
  readonly attempts: Attempts;
  readonly report?: string | undefined;
  readonly site?: string | undefined;
  readonly date?: Date;
}

export class SubmissionError extends SeraBenchError {
  constructor(readonly problems: readonly string[], run: string) {
    super(`run ${run} cannot be submitted:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export interface SubmitResult {
  readonly dir: string;
  readonly sbCliPredictions: string;
  readonly sbCliCommand: string;
  readonly warnings: readonly string[];
}

const LOG_FILES = ["eval.sh", "patch.diff", "report.json", "run_instance.log", "test_output.txt"] as const;

export function folderName(name: string, date: Date): string {
  const stamp = date.toISOString().slice(0, 10).replaceAll("-", "");
  const slug = name.toLowerCase().replace(/[^a-z0-9.]+/g, "-").replace(/^-+|-+$/g, "");
  return `${stamp}_${slug === "" ? "submission" : slug}`;
}

export async function buildSubmission(options: SubmitOptions): Promise<SubmitResult> {
  if (options.name.trim() === "" || options.org.trim() === "") throw new SubmissionError(["--name and --org must not be empty"], options.run);
  const run = await loadRun(options.run);
  const check = validateSubmission(run, [...(await verifiedInstances()).keys()], options.attempts);
  if (check.errors.length > 0) throw new SubmissionError(check.errors, run.id);
  const dir = join(options.outDir, folderName(options.name, options.date ?? new Date()));
  await rm(dir, { recursive: true, force: true });
  await writePredictions(run, dir);
  await writeFileAtomic(join(dir, "metadata.yaml"), `${toYaml(metadata(run, options))}\n`);
  await writeFileAtomic(join(dir, "README.md"), readme(run, options));
  await copyLogs(run, dir);
  await copyTrajectories(run, dir);
  await writeJsonAtomic(join(dir, "results", "results.json"), results(run), 2);
  const sbCliPredictions = join(dir, "sb-cli", "preds.json");
  const sbCliCommand = `sb-cli submit swe-bench_verified test --predictions_path ${sbCliPredictions} --run_id ${basename(dir)}`;
  return { dir, sbCliPredictions, sbCliCommand, warnings: check.warnings };
}

async function writePredictions(run: LoadedRun, dir: string): Promise<void> {
  const model = run.modelNames[0] ?? "";
  const rows = run.report.submitted_ids.map((id) => ({ instance_id: id, model_name_or_path: model, model_patch: run.instances.find((i) => i.id === id)?.patch ?? "" }));
  await writePredictionLines(join(dir, "all_preds.jsonl"), rows);
  await writeJsonAtomic(join(dir, "sb-cli", "preds.json"), Object.fromEntries(rows.map((r) => [r.instance_id, r])), 2);
}

function metadata(run: LoadedRun, options: SubmitOptions) {
  return {
    info: { name: options.name, authors: options.org, report: options.report ?? "TODO: link a technical report or blog post (required)", site: options.site ?? "TODO: project site" },
    tags: { checked: false, model: [run.modelNames[0] ?? ""], org: [options.org], os_model: true, os_system: true, system: { attempts: options.attempts } },
  };
}

function readme(run: LoadedRun, options: SubmitOptions): string {
  const r = run.report;
  return [
    `# ${options.name}`, "", `Submitted by ${options.org}. Model: \`${run.modelNames[0] ?? ""}\`. Attempts: ${options.attempts}.`, "",
    "Evaluated with sera-bench (official v4.1.0 grading).", "", "```",
    `Total instances: ${r.total_instances}`, `Resolved: ${r.resolved_instances} (${((r.resolved_instances / r.total_instances) * 100).toFixed(1)}%)`,
    `Unresolved: ${r.unresolved_instances}`, `Empty patches: ${r.empty_patch_instances}`, `Errors: ${r.error_instances}`, "```", "",
  ].join("\n");
}

async function copyLogs(run: LoadedRun, dir: string): Promise<void> {
  for (const instance of run.instances) {
    const present = new Set(await readdir(instance.logDir).catch(() => [] as string[]));
    const files = LOG_FILES.filter((file) => present.has(file));
    if (files.length === 0) continue;
    await mkdir(join(dir, "logs", instance.id), { recursive: true });
    for (const file of files) await copyFile(join(instance.logDir, file), join(dir, "logs", instance.id, file));
  }
}

async function copyTrajectories(run: LoadedRun, dir: string): Promise<void> {
  await mkdir(join(dir, "trajs"), { recursive: true });
  for (const instance of run.instances) {
    if (instance.trajectory !== undefined) await copyFile(instance.trajectory.path, join(dir, "trajs", `${instance.id}.traj.json`));
  }
}

/** As the experiments repository's get_results: no_generation, no_logs, resolved. */
function results(run: LoadedRun) {
  const noGeneration = run.instances.filter((i) => i.outcome === "empty" || i.outcome === "not_submitted").map((i) => i.id);
  const noLogs = run.instances.filter((i) => i.outcome !== "empty" && i.outcome !== "not_submitted" && !i.hasReport).map((i) => i.id);
  return { no_generation: noGeneration, no_logs: noLogs, resolved: [...run.report.resolved_ids] };
}
