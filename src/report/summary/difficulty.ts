/** Difficulty per instance: from the run's dataset when it can be read locally, else the bundled Verified list. */
import { z } from "zod";
import { readBaselineFile } from "../baselines/load.ts";
import { loadDataset } from "../../dataset/load.ts";

const verifiedSchema = z.looseObject({ instances: z.record(z.string(), z.string()) });

export type DifficultyMap = ReadonlyMap<string, string>;

export async function verifiedInstances(): Promise<DifficultyMap> {
  const parsed = await readBaselineFile("verified-instances.json", verifiedSchema);
  return new Map(Object.entries(parsed.instances));
}

/**
 * `dataset` (a local file or folder, or a hub dataset already cached) adds its rows' difficulty;
 * a dataset that cannot be read offline is reported in `notice` and the bundled list is used.
 */
export async function difficultyMap(dataset: string | undefined, split: string | undefined, notice: (line: string) => void): Promise<DifficultyMap> {
  const map = new Map(await verifiedInstances());
  if (dataset === undefined || dataset === "verified") return map;
  try {
    const rows = await loadDataset({ dataset, split, offline: true, onNotice: () => undefined });
    for (const row of rows) if (row.difficulty !== undefined && row.difficulty !== null) map.set(row.instance_id, String(row.difficulty));
  } catch (error) {
    notice(`difficulty: dataset ${dataset} could not be read offline (${(error as Error).message.split("\n")[0] ?? ""}); using the bundled SWE-bench Verified list`);
  }
  return map;
}
