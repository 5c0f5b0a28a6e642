import { loadSelection } from "../dataset/load-selection.ts";
import type { SelectOptions } from "../dataset/select.ts";
import { instanceImageName } from "../evaluation/image-name.ts";
import type { ImageNaming } from "../evaluation/image-name.ts";

/** The instance image of every selected instance, in selection order. */
export async function requiredImages(
  source: { dataset: string; split: string; selection: SelectOptions; naming: ImageNaming },
  onNotice: (line: string) => void,
): Promise<{ instanceId: string; image: string }[]> {
  const { selected } = await loadSelection(source, onNotice);
  return selected.map((instance) => ({ instanceId: instance.instance_id, image: instanceImageName(instance, source.naming) }));
}
