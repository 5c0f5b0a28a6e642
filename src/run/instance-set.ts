import { z } from "zod";
import type { Instance } from "../dataset/row.ts";
import { readJsonIfValid } from "../util/json-file.ts";
import { SeraBenchError } from "../util/errors.ts";

/**
 * A run's instance set: the instances its run.json already holds plus this invocation's selection,
 * in dataset order. A run never shrinks: a re-run with a narrower selection (`-i one`) works on those
 * instances only, and the reports still cover the whole set.
 */
export async function runInstanceSet(
  runMetaPath: string, runId: string, all: readonly Instance[], selected: readonly Instance[], onNotice: (line: string) => void,
): Promise<readonly Instance[]> {
  const earlier = (await readJsonIfValid(runMetaPath, z.looseObject({ instance_ids: z.array(z.string()), dataset: z.string() })));
  if (earlier === undefined) return selected;
  const ids = new Set([...earlier.instance_ids, ...selected.map((instance) => instance.instance_id)]);
  const known = new Set(all.map((instance) => instance.instance_id));
  const unknown = earlier.instance_ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new SeraBenchError(`run ${runId} holds instance ${unknown[0]!}${unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : ""} (${runMetaPath}), which this dataset does not have (the run used ${earlier.dataset}): use that dataset, or another --run-id`);
  }
  const instances = all.filter((instance) => ids.has(instance.instance_id));
  if (instances.length !== selected.length) {
    const grew = instances.length > earlier.instance_ids.length ? ` (it held ${earlier.instance_ids.length})` : "";
    onNotice(`run ${runId} holds ${instances.length} instances${grew}; this invocation works on the ${selected.length} selected, and its report covers all ${instances.length} (a run never shrinks: use another --run-id for a smaller set)`);
  }
  return instances;
}
