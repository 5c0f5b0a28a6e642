import { z } from "zod";

/** One prediction as written by an agent run or SWE-agent/sb-cli tooling; extra fields are ignored. */
export const predictionSchema = z.object({
  instance_id: z.string({ error: "expected the instance id as a string" }).min(1, "expected a non-empty instance id"),
  model_name_or_path: z.string({
    error: "expected a string naming the model (required: run directories and reports are keyed by it)",
  }),
  model_patch: z
    .string({ error: "expected the patch as a string, null or absent" })
    .nullish()
    .transform((patch) => patch ?? null),
});

export type PredictionRow = z.input<typeof predictionSchema>;

/** A validated prediction. isEmpty: null or "" patch, which is not run and counts as an empty patch. */
export interface Prediction {
  readonly instanceId: string;
  readonly modelNameOrPath: string;
  readonly modelPatch: string | null;
  readonly isEmpty: boolean;
}

export function toPrediction(row: z.output<typeof predictionSchema>): Prediction {
  return {
    instanceId: row.instance_id,
    modelNameOrPath: row.model_name_or_path,
    modelPatch: row.model_patch,
    isEmpty: row.model_patch === null || row.model_patch === "",
  };
}
