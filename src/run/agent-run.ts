import { setMaxListeners } from "node:events";
import { readFile } from "node:fs/promises";
import PQueue from "p-queue";
import type { Instance } from "../dataset/row.ts";
import { loadSelection } from "../dataset/load-selection.ts";
import type { SelectOptions } from "../dataset/select.ts";
import { instanceImageName } from "../evaluation/image-name.ts";
import type { ImageNaming } from "../evaluation/image-name.ts";
import { runLabels } from "../sandbox/labels.ts";
import { acquireRunLock } from "./lock.ts";
import { writeRunMeta } from "./files/run-meta.ts";
import { runLayout } from "./layout.ts";
import type { RunLayout } from "./layout.ts";
import { sweepRunContainers } from "../sandbox/sweep.ts";
import type { SandboxEngine } from "../sandbox/types.ts";
import { rolloutInstance } from "./jobs/rollout.ts";
import type { RolloutContext, RolloutResult } from "./jobs/rollout.ts";
import { ERROR_STATUSES } from "../agent/types.ts";
import type { ExitStatus } from "../agent/types.ts";
import { readSavedPrediction, writePredictionsFile } from "./files/predictions.ts";
import { optional } from "../util/optional.ts";

export interface AgentRunOptions {
  readonly kind: "infer" | "run";
  readonly dataset: string;
  readonly split: string;
  readonly selection: SelectOptions;
  readonly runId: string;
  readonly outputDir: string;
  readonly workers: number;
  readonly naming: ImageNaming;
  readonly redo: boolean;
  readonly redoErrors: boolean;
  /** Everything else worth recording in run.json (model, sampling, context, limits, agent config). */
  readonly meta: Readonly<Record<string, unknown>>;
}

export interface AgentRunHooks {
  readonly rollout: Omit<RolloutContext, "runId" | "labels" | "signal">;
  /**
   * `run`: evaluate a finished instance (called while other rollouts go on). `fresh`: its rollout ran
   * in this invocation, so an earlier report (of an earlier patch) must not be reused.
   */
  readonly evaluate?: (instance: Instance, layout: RunLayout, fresh: boolean) => Promise<void>;
  /** `run`: after every rollout and evaluation, write the evaluation reports. */
  readonly finalize?: (instances: readonly Instance[], layout: RunLayout, interrupted: boolean) => Promise<void>;
  readonly onStart?: (total: number, done: number) => void;
  readonly onRolloutDone?: (result: RolloutResult) => void;
  readonly onNotice?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface AgentRunSummary {
  readonly layout: RunLayout;
  readonly results: readonly RolloutResult[];
  readonly statuses: ReadonlyMap<string, ExitStatus>;
  readonly interrupted: boolean;
}

/** `sera-bench infer` / `run`: rollouts (and evaluations) of one run id, resumable. */
export async function runAgents(options: AgentRunOptions, hooks: AgentRunHooks): Promise<AgentRunSummary> {
  const setup = { engine: hooks.rollout.engine, modelName: hooks.rollout.modelName, ...optional("finalize", hooks.finalize), ...optional("onNotice", hooks.onNotice) };
  return withPreparedAgentRun(options, setup, async ({ selected, layout }) => {
    const { todo, statuses } = await planRollouts(selected, layout, options);
    hooks.onStart?.(selected.length, selected.length - todo.length);
    const { results, interrupted } = await runQueues(todo, selected, options, hooks, layout, statuses);
    return { results, statuses, interrupted };
  });
}

export interface PreparedAgentRun {
  readonly selected: readonly Instance[];
  readonly layout: RunLayout;
}

export interface AgentRunSetup {
  /** The engine whose leftovers of the run are swept; null for the Slurm coordinator (workers sweep their own). */
  readonly engine: SandboxEngine | null;
  readonly modelName: string;
  readonly finalize?: AgentRunHooks["finalize"];
  readonly onNotice?: (line: string) => void;
}

/**
 * The executor seam of infer/run: select the instances, take the run lock, sweep, write run.json;
 * let `execute` do the rollouts (here, or as Slurm tasks); then write predictions.jsonl and the
 * reports from the per-instance files, and mark run.json finished unless interrupted.
 */
export async function withPreparedAgentRun(
  options: AgentRunOptions,
  setup: AgentRunSetup,
  execute: (prepared: PreparedAgentRun) => Promise<Omit<AgentRunSummary, "layout">>,
): Promise<AgentRunSummary> {
  const notice = setup.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { selected } = await loadSelection(options, notice);
  const layout = runLayout(options.outputDir, options.runId);
  const lock = await acquireRunLock(layout.lock, options.runId);
  try {
    const swept = setup.engine === null ? [] : await sweepRunContainers(setup.engine, options.runId);
    if (swept.length > 0) notice(`removed ${swept.length} container(s) left by an earlier attempt of run ${options.runId}`);
    const meta = {
      kind: options.kind, run_id: options.runId, dataset: options.dataset, split: options.split, model_name: setup.modelName,
      instance_ids: selected.map((i) => i.instance_id), options: { ...options.meta, workers: options.workers, selection: options.selection },
    } as const;
    await writeRunMeta(layout.runMeta, meta);
    const { results, statuses, interrupted } = await execute({ selected, layout });
    await writePredictionsFile(layout, selected);
    await setup.finalize?.(selected, layout, interrupted);
    await writeRunMeta(layout.runMeta, { ...meta, ...(interrupted ? {} : { finished_at: new Date().toISOString() }) });
    return { layout, results, statuses, interrupted };
  } finally {
    await lock.release();
  }
}


/** The exit status of a finished rollout (trajectory and saved prediction written), else undefined. */
export async function finishedStatus(layout: RunLayout, instanceId: string): Promise<ExitStatus | undefined> {
  try {
    const traj = JSON.parse(await readFile(layout.trajectory(instanceId), "utf8")) as { info?: { exit_status?: ExitStatus | null } };
    const status = traj.info?.exit_status ?? undefined;
    return status !== undefined && (await readSavedPrediction(layout, instanceId)) !== undefined ? status : undefined;
  } catch {
    return undefined;
  }
}

/** Finished rollouts are skipped (all with --redo redone; failed ones with --redo-errors). */
async function planRollouts(selected: readonly Instance[], layout: RunLayout, options: AgentRunOptions) {
  const todo: Instance[] = [];
  const statuses = new Map<string, ExitStatus>();
  for (const instance of selected) {
    const status = await finishedStatus(layout, instance.instance_id);
    const redo = options.redo || (options.redoErrors && status !== undefined && ERROR_STATUSES.includes(status));
    if (status === undefined || redo) todo.push(instance);
    else statuses.set(instance.instance_id, status);
  }
  return { todo, statuses };
}

async function runQueues(
  todo: readonly Instance[], selected: readonly Instance[], options: AgentRunOptions, hooks: AgentRunHooks,
  layout: RunLayout, statuses: Map<string, ExitStatus>,
) {
  const rollouts = new PQueue({ concurrency: options.workers });
  const evaluations: Promise<void>[] = [];
  const results: RolloutResult[] = [];
  const controller = new AbortController();
  // Every request of every rollout listens on this signal.
  setMaxListeners(0, controller.signal);
  let interrupted = false;
  let abortError: unknown;
  const stop = () => {
    interrupted = true;
    rollouts.clear();
    controller.abort();
  };
  hooks.signal?.addEventListener("abort", stop, { once: true });
  if (hooks.evaluate !== undefined) {
    for (const instance of selected) if (statuses.has(instance.instance_id)) evaluations.push(hooks.evaluate(instance, layout, false));
  }
  const ctx: RolloutContext = { ...hooks.rollout, runId: options.runId, labels: runLabels(options.runId, "agent"), signal: controller.signal };
  const tasks = todo.map((instance) =>
    rollouts.add(async () => {
      try {
        const result = await rolloutInstance(instance, instanceImageName(instance, options.naming), ctx, {
          trajectory: layout.trajectory(instance.instance_id), prediction: layout.prediction(instance.instance_id),
        });
        results.push(result);
        statuses.set(instance.instance_id, result.status);
        hooks.onRolloutDone?.(result);
        if (hooks.evaluate !== undefined && !interrupted) evaluations.push(hooks.evaluate(instance, layout, true));
      } catch (error) {
        abortError ??= error;
        stop();
      }
    }),
  );
  try {
    await Promise.all(tasks);
    await Promise.all(evaluations);
  } finally {
    hooks.signal?.removeEventListener("abort", stop);
  }
  if (abortError !== undefined) throw abortError;
  return { results, interrupted };
}
