import { resolveRunArgs } from "./run/find.ts";
import { loadRun } from "./run/load.ts";
import type { LoadedRun } from "./run/types.ts";

/** RUN arguments (folders, ids under results/, or seed bases) -> loaded runs, in order. */
export async function loadRuns(args: readonly string[]): Promise<LoadedRun[]> {
  const dirs = await resolveRunArgs(args);
  const runs: LoadedRun[] = [];
  for (const dir of dirs) runs.push(await loadRun(dir));
  return runs;
}
