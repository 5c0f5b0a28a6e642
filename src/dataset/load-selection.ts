import { loadDataset } from "./load.ts";
import type { Instance } from "./row.ts";
import { selectInstances } from "./select.ts";
import type { SelectOptions } from "./select.ts";
import { SeraBenchError } from "../util/errors.ts";

export interface SelectionSource {
  readonly dataset: string;
  readonly split: string;
  readonly selection: SelectOptions;
}

/** The whole dataset (predictions are checked against it) and the selected instances (never none). */
export async function loadSelection(source: SelectionSource, onNotice?: (line: string) => void): Promise<{ all: Instance[]; selected: Instance[] }> {
  const all = await loadDataset({ dataset: source.dataset, split: source.split, onNotice });
  const selected = await selectInstances(all, source.selection);
  if (selected.length === 0) throw new SeraBenchError(`no instance of ${source.dataset} matches the selection`);
  return { all, selected };
}
