import PQueue from "p-queue";
import { loadPredictions } from "../dataset/predictions.ts";
import type { Prediction } from "../dataset/predictions.ts";
import type { Instance } from "../dataset/row.ts";
import { loadSelection } from "../dataset/load-selection.ts";
import type { SelectOptions } from "../dataset/select.ts";
import { singleEnginePool } from "../sandbox/engine-pool.ts";
import type { EnginePool } from "../sandbox/engine-pool.ts";
import type { SandboxEngine } from "../sandbox/types.ts";
import { writeFileAtomic } from "../util/fs-atomic.ts";
import type { ImageNaming } from "../evaluation/image-name.ts";
import { runLabels } from "../sandbox/labels.ts";
import type { InstanceResult } from "../evaluation/outcome.ts";
import { planRun } from "./eval-plan.ts";
import type { RunPlan } from "./eval-plan.ts";
import { acquireRunLock } from "./lock.ts";
import { evaluateInstance } from "../evaluation/evaluate-instance.ts";
import type { ContainerLimits, EvalContext, GradeFn } from "../evaluation/evaluate-instance.ts";
import { runLayout } from "./layout.ts";
import type { RunLayout } from "./layout.ts";
import type { RunReport } from "./files/official-report.ts";
import { writeEvalReports } from "./finalize.ts";
import { sweepRunContainers } from "../sandbox/sweep.ts";
import { writeRunMeta } from "./files/run-meta.ts";

export interface EvalRunOptions {
  readonly dataset: string;
  readonly split: string;
  readonly predictions: string;
  readonly runId: string;
  readonly selection: SelectOptions;
  readonly workers: number;
  readonly timeoutSeconds: number;
  readonly naming: ImageNaming;
  readonly outputDir: string;
  readonly redo: boolean;
  readonly generate: boolean;
  readonly limits: ContainerLimits;
}

export interface EvalRunHooks {
  readonly engine: SandboxEngine;
  /** Several engines with a worker count each (default: `engine` with `options.workers`). */
  readonly pool?: EnginePool;
  /** After an instance's result is written, on the engine that ran it (image budget, usage records). */
  readonly afterInstance?: (result: InstanceResult, engine: SandboxEngine) => Promise<void>;
  readonly grade: GradeFn;
  readonly onStart?: (plan: RunPlan, total: number) => void;
  readonly onInstanceDone?: (result: InstanceResult) => void;
  readonly onNotice?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface EvalRunSummary {
  readonly report: RunReport;
  readonly reportPath: string;
  readonly layout: RunLayout;
  readonly results: readonly InstanceResult[];
  readonly interrupted: boolean;
}

/** `sera-bench eval`: the steps of a run, each one named. */
export async function runEvaluation(options: EvalRunOptions, hooks: EvalRunHooks): Promise<EvalRunSummary> {
  const pool = hooks.pool ?? singleEnginePool(hooks.engine, options.workers);
  return withPreparedRun(options, { ...hooks, pool }, async (prepared) => {
    hooks.onStart?.(prepared.plan, prepared.selected.length);
    return runJobs(prepared.plan, options, { ...hooks, pool }, prepared.layout);
  });
}

/** What every executor does before evaluating: select, load predictions, lock, sweep, write inputs. */
export interface PreparedRun {
  readonly selected: readonly Instance[];
  readonly predictions: ReadonlyMap<string, Prediction>;
  readonly modelName: string;
  readonly layout: RunLayout;
  readonly plan: RunPlan;
}

/**
 * The executor seam: prepare the run (under its lock), let `execute` evaluate the plan's jobs
 * (here, or on other machines) and say whether it was interrupted, then write the reports from
 * what is on disk. The local executor and the Slurm coordinator both go through here.
 */
export async function withPreparedRun(
  options: EvalRunOptions,
  hooks: Omit<EvalRunHooks, "engine" | "pool" | "grade"> & { readonly pool: EnginePool | null },
  execute: (prepared: PreparedRun) => Promise<boolean>,
): Promise<EvalRunSummary> {
  const notice = hooks.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { all, selected } = await loadSelection(options, notice);
  const loaded = await loadPredictions(options.predictions, all, selected);
  loaded.warnings.forEach((warning) => notice(`warning: ${warning}`));
  const layout = runLayout(options.outputDir, options.runId);
  const lock = await acquireRunLock(layout.lock, options.runId);
  try {
    // The Slurm coordinator has no engine (pool null): its workers sweep their own leftovers.
    const swept = hooks.pool === null ? 0 : await sweepPool(hooks.pool, options.runId);
    if (swept > 0) notice(`removed ${swept} container(s) left by an earlier attempt of run ${options.runId}`);
    await writePredictions(layout, loaded.predictions);
    const meta = { kind: "eval", run_id: options.runId, dataset: options.dataset, split: options.split, model_name: loaded.modelName,
      instance_ids: selected.map((instance) => instance.instance_id), options: metaOptions(options) } as const;
    await writeRunMeta(layout.runMeta, meta);
    const plan = planRun(selected, loaded.predictions, { layout, naming: options.naming, generate: options.generate, redo: options.redo });
    const interrupted = await execute({ selected, predictions: loaded.predictions, modelName: loaded.modelName, layout, plan });
    const summary = await finalize(selected, loaded.predictions, loaded.modelName, layout, interrupted);
    await writeRunMeta(layout.runMeta, { ...meta, ...(interrupted ? {} : { finished_at: new Date().toISOString() }) });
    return summary;
  } finally {
    await lock.release();
  }
}

async function sweepPool(pool: EnginePool, runId: string): Promise<number> {
  const counts = await Promise.all(pool.engines.map(async (engine) => (await sweepRunContainers(engine, runId)).length));
  return counts.reduce((sum, count) => sum + count, 0);
}

function metaOptions(options: EvalRunOptions): Record<string, unknown> {
  const { predictions, selection, workers, timeoutSeconds, naming, generate, limits } = options;
  return { predictions, selection, workers, timeout_seconds: timeoutSeconds, naming, generate, limits };
}


async function writePredictions(layout: RunLayout, predictions: ReadonlyMap<string, Prediction>): Promise<void> {
  const lines = [...predictions.values()].map((p) =>
    JSON.stringify({ instance_id: p.instanceId, model_name_or_path: p.modelNameOrPath, model_patch: p.modelPatch }),
  );
  await writeFileAtomic(layout.predictions, lines.length === 0 ? "" : `${lines.join("\n")}\n`);
}

async function runJobs(plan: RunPlan, options: EvalRunOptions, hooks: EvalRunHooks & { readonly pool: EnginePool }, layout: RunLayout): Promise<boolean> {
  const base: Omit<EvalContext, "engine"> = {
    layout,
    runId: options.runId,
    timeoutSeconds: options.timeoutSeconds,
    limits: options.limits,
    labels: runLabels(options.runId, "eval"),
    grade: hooks.grade,
  };
  const pool = hooks.pool;
  const queue = new PQueue({ concurrency: pool.capacity });
  let interrupted = false;
  const onAbort = () => {
    interrupted = true;
    queue.clear();
    // Removing the run's containers ends the commands in flight; their instances become errors and
    // are retried by the next invocation (they have no report.json).
    void sweepPool(pool, options.runId).catch(() => undefined);
  };
  hooks.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const tasks = plan.jobs.map((job) =>
      queue.add(() =>
        pool.lease(async (engine) => {
          const result = await evaluateInstance(job, { ...base, engine });
          await hooks.afterInstance?.(result, engine);
          hooks.onInstanceDone?.(result);
        }),
      ),
    );
    await Promise.all(tasks);
  } finally {
    hooks.signal?.removeEventListener("abort", onAbort);
  }
  return interrupted;
}

async function finalize(
  selected: readonly Instance[],
  predictions: ReadonlyMap<string, Prediction>,
  modelName: string,
  layout: RunLayout,
  interrupted: boolean,
): Promise<EvalRunSummary> {
  const { report, reportPath, results } = await writeEvalReports(selected, predictions, modelName, layout);
  return { report, reportPath, layout, results, interrupted };
}
