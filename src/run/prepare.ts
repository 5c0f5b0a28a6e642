import { rm } from "node:fs/promises";
import { z } from "zod";
import { readJsonIfValid } from "../util/json-file.ts";
import { loadSelection } from "../dataset/load-selection.ts";
import type { Instance } from "../dataset/row.ts";
import type { SelectOptions } from "../dataset/select.ts";
import { ensureSampleImages } from "../images/ensure-sample-images.ts";
import { sweepRunContainers } from "../sandbox/cleanup.ts";
import type { SandboxEngine } from "../sandbox/types.ts";
import { writeRunMeta } from "./files/run-meta.ts";
import type { RunKind } from "./files/run-meta.ts";
import { runLayout } from "./layout.ts";
import type { RunLayout } from "./layout.ts";
import { runInstanceSet } from "./instance-set.ts";
import { acquireRunLock } from "./lock.ts";
import { createRunFolder } from "./run-folder.ts";
import { guardWrite } from "../util/write-errors.ts";
import { RunBreakerError } from "./breaker.ts";
import type { ProtocolIdentity } from "../protocol/identity.ts";

/** What every run names: the dataset and selection, where it writes, and what run.json records. */
export interface RunSpec {
  readonly kind: RunKind;
  readonly dataset: string;
  readonly split: string;
  readonly selection: SelectOptions;
  readonly runId: string;
  readonly outputDir: string;
  /** Recorded in run.json's `options` (no secrets). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Recorded in run.json's `protocol`: which agent protocol made the predictions. */
  readonly protocol: ProtocolIdentity;
}

export interface PreparedRun {
  readonly all: readonly Instance[];
  /** What this invocation works on. */
  readonly selected: readonly Instance[];
  /** The run's instance set (run.json's instance_ids: earlier invocations' and this selection): what the reports cover. */
  readonly instances: readonly Instance[];
  readonly layout: RunLayout;
}

export interface RunSteps<I, T> {
  /** Engines whose leftovers of this run id are swept; none for the Slurm coordinator (workers sweep their own). */
  readonly engines: readonly SandboxEngine[];
  readonly onNotice: (line: string) => void;
  /**
   * Read the run's inputs (writes nothing); returns them, the model name run.json records and the
   * options that replace spec.options' (e.g. a smaller --repeat keeps the run's larger count).
   */
  inputs(prepared: PreparedRun): Promise<I & { readonly modelName: string; readonly options?: Readonly<Record<string, unknown>> }>;
  /**
   * Compare the inputs with those that produced each instance's results on disk (run/inputs/check.ts):
   * refuse, or remove the outputs --redo-changed redoes. Runs before anything of the run is written.
   */
  checkInputs(prepared: PreparedRun, inputs: I): Promise<void>;
  /** Write the run's inputs (eval: predictions.jsonl). */
  record?(prepared: PreparedRun, inputs: I): Promise<void>;
  /** Do the per-instance work (here, or as Slurm tasks); returns true when interrupted. */
  execute(prepared: PreparedRun, inputs: I): Promise<boolean>;
  /** Write what is built from the per-instance files (predictions.jsonl, official report, instances.csv). */
  finalize(prepared: PreparedRun, inputs: I, interrupted: boolean): Promise<T>;
}

/**
 * The life of a run folder, the same for eval, infer and run on every executor: select, take the
 * lock, keep the run's instance set (never shrinks), read the inputs and check them against those
 * that produced the results on disk (nothing is written before), sweep the run's leftover
 * containers, build a sample folder's images when missing, write the inputs and run.json, execute,
 * finalize from what is on disk, and mark run.json finished unless interrupted.
 */
export async function withRun<I, T>(spec: RunSpec, steps: RunSteps<I, T>): Promise<T & { readonly layout: RunLayout; readonly interrupted: boolean }> {
  const { all, selected } = await loadSelection(spec, steps.onNotice);
  const layout = runLayout(spec.outputDir, spec.runId);
  const folder = await guardWrite(layout.runDir, () => createRunFolder(layout.runDir));
  const lock = await guardWrite(layout.lock, () => acquireRunLock(layout.lock, spec.runId));
  try {
    const instances = await runInstanceSet(layout.runMeta, spec.runId, all, selected, steps.onNotice);
    const prepared = { all, selected, instances, layout };
    const inputs = await steps.inputs(prepared);
    await steps.checkInputs(prepared, inputs);
    let swept = 0;
    for (const engine of steps.engines) swept += (await sweepRunContainers(engine, spec.runId)).length;
    if (swept > 0) steps.onNotice(`removed ${swept} container(s) left by an earlier attempt of run ${spec.runId}`);
    await ensureSampleImages(spec.dataset, steps.onNotice);
    await steps.record?.(prepared, inputs);
    await removeOtherModelReport(layout, inputs.modelName);
    const meta = {
      kind: spec.kind, run_id: spec.runId, dataset: spec.dataset, split: spec.split, model_name: inputs.modelName, protocol: spec.protocol,
      instance_ids: instances.map((instance) => instance.instance_id), options: { ...spec.options, ...inputs.options, selection: spec.selection },
    } as const;
    await writeRunMeta(layout.runMeta, meta);
    const interrupted = await steps.execute(prepared, inputs).catch(async (error: unknown) => {
      // Whatever stopped the run (the breaker, a server never reached, an engine gone): report what
      // finished, then fail with its error. The breaker's reports must be written; others' are a
      // best effort that never hides the error (a full disk cannot take them either).
      if (error instanceof RunBreakerError) await steps.finalize(prepared, inputs, true);
      else await steps.finalize(prepared, inputs, true).catch(() => undefined);
      throw error;
    });
    const finalized = await steps.finalize(prepared, inputs, interrupted);
    await writeRunMeta(layout.runMeta, { ...meta, ...(interrupted ? {} : { finished_at: new Date().toISOString() }) });
    return { ...finalized, layout, interrupted };
  } finally {
    await lock.release();
    await folder.removeIfEmpty(); // a run that failed on its inputs leaves no empty folder behind
  }
}

/**
 * The official report is keyed by model name: once the inputs check passed, results on disk are all
 * of this invocation's model, so a report of an earlier model name (its results were redone) goes.
 */
async function removeOtherModelReport(layout: RunLayout, modelName: string): Promise<void> {
  const earlier = await readJsonIfValid(layout.runMeta, z.looseObject({ model_name: z.string() }));
  if (earlier === undefined || earlier.model_name === modelName) return;
  const stale = layout.runReport(earlier.model_name);
  if (stale !== layout.runReport(modelName)) await rm(stale, { force: true });
}
