import { loadDataset } from "../dataset/load.ts";
import { selectInstances } from "../dataset/select.ts";
import type { SelectOptions } from "../dataset/select.ts";
import { instanceImageName } from "../evaluation/image-name.ts";
import type { ImageNaming } from "../evaluation/image-name.ts";

/** The instance image of every selected instance, in selection order. */
export async function requiredImages(
  source: { dataset: string; split: string; selection: SelectOptions; naming: ImageNaming },
  onNotice: (line: string) => void,
): Promise<{ instanceId: string; image: string }[]> {
  const all = await loadDataset({ dataset: source.dataset, split: source.split, onNotice });
  const selected = await selectInstances(all, source.selection);
  if (selected.length === 0) throw new Error(`no instance of ${source.dataset} matches the selection`);
  return selected.map((instance) => ({ instanceId: instance.instance_id, image: instanceImageName(instance, source.naming) }));
}
