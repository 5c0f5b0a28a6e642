import type { RawPrediction } from "./prediction-files.ts";
import type { Prediction } from "./prediction-schema.ts";

/**
 * Warnings that do not stop a run: duplicate instance ids (the last one wins) and more than one
 * model_name_or_path (sb-cli rejects both). `entries[i]` is where `predictions[i]` came from.
 */
export function predictionWarnings(
  entries: readonly RawPrediction[],
  predictions: readonly Prediction[],
): { warnings: string[]; modelName: string } {
  const warnings = duplicateWarnings(entries, predictions);
  const names = [...new Set(predictions.map((prediction) => prediction.modelNameOrPath))];
  const modelName = names[0] ?? "";
  if (names.length > 1) {
    warnings.push(
      `predictions name ${names.length} models (${names.slice(0, 5).join(", ")}${names.length > 5 ? ", ..." : ""}); ` +
        `sb-cli requires one; using "${modelName}" as the run's model name`,
    );
  }
  return { warnings, modelName };
}

function duplicateWarnings(entries: readonly RawPrediction[], predictions: readonly Prediction[]): string[] {
  const places = new Map<string, string[]>();
  predictions.forEach((prediction, index) => {
    const list = places.get(prediction.instanceId) ?? [];
    list.push(entries[index]?.where ?? `index ${index}`);
    places.set(prediction.instanceId, list);
  });
  return [...places]
    .filter(([, list]) => list.length > 1)
    .map(([id, list]) => `duplicate prediction for ${id} (${list.join(", ")}); the last one wins`);
}
