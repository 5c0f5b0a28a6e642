import PQueue from "p-queue";
import type { Instance } from "../dataset/row.ts";
import { writeEvalReports } from "./finalize.ts";
import type { EvalReports } from "./finalize.ts";
import type { ImageNaming } from "../evaluation/image-name.ts";
import { runLabels } from "../sandbox/labels.ts";
import type { InstanceResult } from "../evaluation/outcome.ts";
import { planRun } from "./eval-plan.ts";
import { evaluateInstance } from "../evaluation/evaluate-instance.ts";
import type { ContainerLimits, GradeFn } from "../evaluation/evaluate-instance.ts";
import type { RunLayout } from "./layout.ts";
import type { SandboxEngine } from "../sandbox/types.ts";
import { readSavedPrediction } from "./files/predictions.ts";

export interface RunEvaluatorOptions {
  readonly engine: SandboxEngine;
  readonly grade: GradeFn;
  readonly runId: string;
  readonly naming: ImageNaming;
  readonly generate: boolean;
  readonly timeoutSeconds: number;
  readonly limits: ContainerLimits;
  readonly evalWorkers: number;
  readonly modelName: string;
  readonly onEvaluated?: (result: InstanceResult) => void;
}

/**
 * `run`: each finished rollout is evaluated in a fresh container (its own queue, --eval-workers)
 * while other rollouts go on; at the end the official reports cover every selected instance.
 */
export function createRunEvaluator(options: RunEvaluatorOptions) {
  const queue = new PQueue({ concurrency: options.evalWorkers });
  let last: EvalReports | undefined;
  const evaluate = async (instance: Instance, layout: RunLayout, fresh: boolean): Promise<void> => {
    const saved = await readSavedPrediction(layout, instance.instance_id);
    if (saved === undefined) return;
    const prediction = { instanceId: saved.instance_id, modelNameOrPath: saved.model_name_or_path, modelPatch: saved.model_patch, isEmpty: saved.model_patch === "" };
    const plan = planRun([instance], new Map([[instance.instance_id, prediction]]), { layout, naming: options.naming, generate: options.generate, redo: fresh });
    const job = plan.jobs[0];
    if (job === undefined) return;
    await queue.add(async () => {
      const result = await evaluateInstance(job, {
        engine: options.engine, layout, runId: options.runId, timeoutSeconds: options.timeoutSeconds,
        limits: options.limits, labels: runLabels(options.runId, "eval"), grade: options.grade,
      });
      options.onEvaluated?.(result);
    });
  };
  const finalize = async (instances: readonly Instance[], layout: RunLayout): Promise<void> => {
    await queue.onIdle();
    last = await writeAgentEvalReports(instances, layout, options.modelName);
  };
  return { evaluate, finalize, reports: () => last };
}

/** The official run report and instances.csv of an agent run, from the saved predictions and per-instance results. */
export async function writeAgentEvalReports(instances: readonly Instance[], layout: RunLayout, modelName: string): Promise<EvalReports> {
  const predictions = new Map<string, { isEmpty: boolean }>();
  for (const instance of instances) {
    const saved = await readSavedPrediction(layout, instance.instance_id);
    if (saved !== undefined) predictions.set(instance.instance_id, { isEmpty: saved.model_patch === "" });
  }
  return writeEvalReports(instances, predictions, modelName, layout);
}
