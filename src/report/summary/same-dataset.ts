import type { LoadedRun } from "../run/types.ts";
import { RunFolderError } from "../run/errors.ts";
import { preview } from "../run/load.ts";
import { datasetKey } from "../../dataset/source.ts";

/** Runs reported or compared together must have evaluated the same instances of the same dataset. */
export function assertSameDataset(runs: readonly LoadedRun[]): void {
  const first = runs[0];
  if (first === undefined) return;
  const firstIds = new Set(first.instances.map((i) => i.id));
  for (const run of runs.slice(1)) {
    const named = [first.meta?.dataset, run.meta?.dataset];
    if (named[0] !== undefined && named[1] !== undefined && (datasetKey(named[0]) !== datasetKey(named[1]) || first.meta?.split !== run.meta?.split)) {
      throw new RunFolderError(`${run.dir}: dataset ${named[1]} (${run.meta?.split ?? "?"}) differs from ${first.dir}: ${named[0]} (${first.meta?.split ?? "?"}); report or compare runs of one dataset`);
    }
    const ids = new Set(run.instances.map((i) => i.id));
    const onlyFirst = [...firstIds].filter((id) => !ids.has(id));
    const onlyThis = [...ids].filter((id) => !firstIds.has(id));
    if (onlyFirst.length > 0 || onlyThis.length > 0) {
      throw new RunFolderError(
        `${run.dir} and ${first.dir} evaluated different instances (${ids.size} vs ${firstIds.size}): ` +
          `${onlyThis.length} only in ${run.id}${onlyThis.length > 0 ? ` (${preview(onlyThis, 3)})` : ""}, ` +
          `${onlyFirst.length} only in ${first.id}${onlyFirst.length > 0 ? ` (${preview(onlyFirst, 3)})` : ""}; runs of different datasets or selections cannot be combined`,
      );
    }
  }
}
