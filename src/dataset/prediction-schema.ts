import { z } from "zod";
import { safeInstanceId } from "./instance-id.ts";

/**
 * One prediction line, the one schema of every file that holds predictions: the user's .json/.jsonl,
 * a run's predictions.jsonl and an agent run's preds/<id>.json (extra fields are ignored).
 */
export const predictionSchema = z.object({
  instance_id: z.string({ error: "expected the instance id as a string" }).min(1, "expected a non-empty instance id").pipe(safeInstanceId),
  model_name_or_path: z.string({
    error: "expected a string naming the model (required: run directories and reports are keyed by it)",
  }),
  model_patch: z
    .string({ error: "expected the patch as a string, null or absent" })
    .nullish()
    .transform((patch) => patch ?? null),
});

export type PredictionLine = z.output<typeof predictionSchema>;

/** A validated prediction. isEmpty: null or "" patch, which is not run and counts as an empty patch. */
export interface Prediction {
  readonly instanceId: string;
  readonly modelNameOrPath: string;
  readonly modelPatch: string | null;
  readonly isEmpty: boolean;
}

export function toPrediction(row: PredictionLine): Prediction {
  return {
    instanceId: row.instance_id,
    modelNameOrPath: row.model_name_or_path,
    modelPatch: row.model_patch,
    isEmpty: row.model_patch === null || row.model_patch === "",
  };
}

export function predictionLine(prediction: Prediction): PredictionLine {
  return { instance_id: prediction.instanceId, model_name_or_path: prediction.modelNameOrPath, model_patch: prediction.modelPatch };
}
