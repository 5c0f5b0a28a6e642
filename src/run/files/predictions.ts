import { readFile } from "node:fs/promises";
import type { Instance } from "../../dataset/row.ts";
import { writeFileAtomic } from "../../util/fs-atomic.ts";
import type { RunLayout } from "../layout.ts";

export interface SavedPrediction {
  readonly instance_id: string;
  readonly model_name_or_path: string;
  readonly model_patch: string;
}

export async function readSavedPrediction(layout: RunLayout, instanceId: string): Promise<SavedPrediction | undefined> {
  try {
    return JSON.parse(await readFile(layout.prediction(instanceId), "utf8")) as SavedPrediction;
  } catch {
    return undefined;
  }
}

/**
 * predictions.jsonl in the official format, rebuilt at the end of an invocation (also an interrupted
 * one) from the per-instance files in preds/, which each rollout writes atomically: they are the
 * record that survives a kill, and the next invocation rebuilds this file from them.
 */
export async function writePredictionsFile(layout: RunLayout, instances: readonly Instance[]): Promise<number> {
  const lines: string[] = [];
  for (const instance of instances) {
    const saved = await readSavedPrediction(layout, instance.instance_id);
    if (saved !== undefined) lines.push(JSON.stringify(saved));
  }
  await writeFileAtomic(layout.predictions, lines.length === 0 ? "" : `${lines.join("\n")}\n`);
  return lines.length;
}
