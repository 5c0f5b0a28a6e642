/** The gold patches of a run's dataset, read offline (a local file or folder, the bundled sample, or a hub dataset already cached). */
import { loadDataset } from "../../dataset/load.ts";

export type GoldPatches =
  | { readonly available: true; readonly dataset: string; readonly patches: ReadonlyMap<string, string> }
  | { readonly available: false; readonly reason: string };

export async function goldPatches(dataset: string | undefined, split: string | undefined): Promise<GoldPatches> {
  if (dataset === undefined) return { available: false, reason: "the run records no dataset (run.json): pass --dataset to read its gold patches" };
  try {
    const rows = await loadDataset({ dataset, split, offline: true, onNotice: () => undefined });
    return { available: true, dataset, patches: new Map(rows.map((row) => [row.instance_id, row.patch])) };
  } catch (error) {
    return { available: false, reason: `dataset ${dataset} could not be read offline (${(error as Error).message.split("\n")[0] ?? ""})` };
  }
}
