import type { Instance } from "./row.ts";
import { DatasetError } from "./errors.ts";
import { describeRejected, listSome, repeatedIds } from "./format.ts";
import { readPredictionFile } from "./prediction-files.ts";
import { predictionSchema, toPrediction, type Prediction } from "./prediction-schema.ts";
import type { RawEntry } from "./text-files.ts";

export interface LoadedPredictions {
  /** Only predictions for selected instances, by instance id (a later duplicate wins). */
  readonly predictions: Map<string, Prediction>;
  /** Duplicates, several model names, dict keys used as ids: printable lines. */
  readonly warnings: string[];
  /** The run's model name: "gold", the only one, or the first one seen. */
  readonly modelName: string;
  /** Distinct ids in the dataset but not selected: not run. */
  readonly ignored: number;
}

export const GOLD = "gold";

/**
 * "gold" (every selected instance's reference patch) or a predictions file. Ids must be in the
 * full dataset (`instances`); only those among `selected` (default: all) are returned.
 */
export async function loadPredictions(
  source: string,
  instances: readonly Instance[],
  selected: readonly Instance[] = instances,
): Promise<LoadedPredictions> {
  if (source === GOLD) return goldPredictions(selected);
  const raw = await readPredictionFile(source);
  if (raw.entries.length === 0) throw new DatasetError(`${source}: no predictions found`);
  const parsed = raw.entries.map(validatePrediction);
  assertInDataset(parsed, instances, source);
  const byId = new Map(parsed.map((prediction) => [prediction.instanceId, prediction]));
  const selectedIds = new Set(selected.map((instance) => instance.instance_id));
  const kept = new Map([...byId].filter(([id]) => selectedIds.has(id)));
  const { warnings, modelName } = predictionWarnings(raw.entries, parsed);
  return { predictions: kept, warnings: [...raw.warnings, ...warnings], modelName, ignored: byId.size - kept.size };
}

/** A run folder's own predictions.jsonl (checked against the dataset when it was written): those of `rows`, by id. */
export async function loadRunPredictions(source: string, rows: readonly Instance[]): Promise<ReadonlyMap<string, Prediction>> {
  const ids = new Set(rows.map((row) => row.instance_id));
  const parsed = (await readPredictionFile(source)).entries.map(validatePrediction);
  return new Map(parsed.filter((prediction) => ids.has(prediction.instanceId)).map((prediction) => [prediction.instanceId, prediction]));
}

function goldPredictions(selected: readonly Instance[]): LoadedPredictions {
  const predictions = new Map(
    selected.map((instance) => [
      instance.instance_id,
      toPrediction({ instance_id: instance.instance_id, model_name_or_path: GOLD, model_patch: instance.patch }),
    ]),
  );
  return { predictions, warnings: [], modelName: GOLD, ignored: 0 };
}

function validatePrediction(entry: RawEntry): Prediction {
  if (typeof entry.value !== "object" || entry.value === null || Array.isArray(entry.value)) {
    throw new DatasetError(`${entry.where}: expected a prediction object with instance_id, model_name_or_path, model_patch`);
  }
  const result = predictionSchema.safeParse(entry.value, { reportInput: true });
  if (result.success) return toPrediction(result.data);
  throw new DatasetError(`Invalid prediction at ${describeRejected(entry, result.error)}`);
}

function assertInDataset(predictions: readonly Prediction[], instances: readonly Instance[], source: string): void {
  const known = new Set(instances.map((instance) => instance.instance_id));
  const unknown = [...new Set(predictions.map((prediction) => prediction.instanceId))].filter((id) => !known.has(id));
  if (unknown.length === 0) return;
  throw new DatasetError(
    `${source}: ${unknown.length} prediction id(s) are not in the dataset (wrong --dataset or --split?): ${listSome(unknown)}`,
  );
}

/**
 * Warnings that do not stop a run: duplicate instance ids (the last one wins) and more than one
 * model_name_or_path (sb-cli rejects both). `entries[i]` is where `predictions[i]` came from.
 */
function predictionWarnings(
  entries: readonly RawEntry[],
  predictions: readonly Prediction[],
): { warnings: string[]; modelName: string } {
  const duplicates = repeatedIds(predictions.map((prediction) => prediction.instanceId), entries.map((entry) => entry.where));
  const warnings = duplicates.map(([id, places]) => `duplicate prediction for ${id} (${places.join(", ")}); the last one wins`);
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
