import { readFile } from "node:fs/promises";
import { predictionSchema } from "../../dataset/prediction-schema.ts";
import type { PredictionLine } from "../../dataset/prediction-schema.ts";
import type { Instance } from "../../dataset/row.ts";
import { writeFileAtomic } from "../../util/fs-atomic.ts";
import { readJsonIfValid } from "../../util/json-file.ts";
import type { RunLayout } from "../layout.ts";

/** An agent run's preds/<id>.json, written atomically by the rollout. */
export function readSavedPrediction(layout: RunLayout, instanceId: string): Promise<PredictionLine | undefined> {
  return readJsonIfValid(layout.prediction(instanceId), predictionSchema);
}

/** predictions.jsonl (or a submission's all_preds.jsonl) in the official format: one line a prediction. */
export async function writePredictionLines(path: string, predictions: readonly PredictionLine[]): Promise<void> {
  const lines = predictions.map((p) => JSON.stringify({ instance_id: p.instance_id, model_name_or_path: p.model_name_or_path, model_patch: p.model_patch }));
  await writeFileAtomic(path, lines.length === 0 ? "" : `${lines.join("\n")}\n`);
}

/**
 * An agent run's predictions.jsonl, rebuilt at the end of an invocation (also an interrupted one)
 * from the per-instance files in preds/, which each rollout writes atomically: they are the record
 * that survives a kill, and the next invocation rebuilds this file from them.
 */
export async function writePredictionsFile(layout: RunLayout, instances: readonly Instance[]): Promise<void> {
  const saved: PredictionLine[] = [];
  for (const instance of instances) {
    const prediction = await readSavedPrediction(layout, instance.instance_id);
    if (prediction !== undefined) saved.push(prediction);
  }
  await writePredictionLines(layout.predictions, saved);
}

/** A run's own predictions.jsonl read back for comparison (missing file: none; an unreadable line is skipped). */
export async function readRunPredictionLines(path: string): Promise<PredictionLine[]> {
  const text = await readFile(path, "utf8").catch(() => "");
  return text.split("\n").flatMap((line) => {
    if (line.trim() === "") return [];
    try {
      const parsed = predictionSchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}
