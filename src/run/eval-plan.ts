import { existsSync } from "node:fs";
import type { Prediction } from "../dataset/predictions.ts";
import type { Instance } from "../dataset/row.ts";
import { resolveTestSpec, withExitCodeRecording } from "../evaluation/spec/test-spec.ts";
import { instanceImageName } from "../evaluation/image-name.ts";
import type { ImageNaming } from "../evaluation/image-name.ts";
import type { InstanceJob } from "../evaluation/evaluate-instance.ts";
import type { RunLayout } from "./layout.ts";

export interface RunPlan {
  /** Instances to evaluate now. */
  readonly jobs: readonly InstanceJob[];
  /** Ids whose report.json exists from an earlier attempt of this run id (skipped unless redo). */
  readonly alreadyDone: readonly string[];
  readonly emptyIds: readonly string[];
  /** Selected instances without a prediction. */
  readonly missingIds: readonly string[];
}

export interface PlanOptions {
  readonly layout: RunLayout;
  readonly naming: ImageNaming;
  readonly generate: boolean;
  readonly redo: boolean;
}

/** Decide, per selected instance, what this invocation does. Pure apart from checking report files. */
export function planRun(instances: readonly Instance[], predictions: ReadonlyMap<string, Prediction>, options: PlanOptions): RunPlan {
  const plan = { jobs: [] as InstanceJob[], alreadyDone: [] as string[], emptyIds: [] as string[], missingIds: [] as string[] };
  for (const instance of instances) {
    const id = instance.instance_id;
    const prediction = predictions.get(id);
    if (prediction === undefined) plan.missingIds.push(id);
    else if (prediction.isEmpty || prediction.modelPatch === null) plan.emptyIds.push(id);
    else if (!options.redo && existsSync(options.layout.instanceFile(id, "report.json"))) plan.alreadyDone.push(id);
    else plan.jobs.push(makeJob(instance, prediction.modelPatch, options));
  }
  return plan;
}

function makeJob(instance: Instance, modelPatch: string, options: PlanOptions): InstanceJob {
  const spec = resolveTestSpec(instance, { generate: options.generate });
  return {
    instance,
    modelPatch,
    image: instanceImageName(instance, options.naming),
    // The v5 exit-code lines go after the tests, outside the graded section: v4 verdicts are unchanged
    // and the strict verdict gets its cross-check.
    evalScript: withExitCodeRecording(spec.evalScript),
    logParser: spec.logParser,
    evalType: spec.evalType,
  };
}
