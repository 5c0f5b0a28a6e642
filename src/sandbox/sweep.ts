import type { SandboxEngine } from "./types.ts";
import { LABEL_APP, LABEL_RUN_ID } from "./labels.ts";

/**
 * Remove the containers a run left behind (a killed process cannot remove its own). Called at the
 * start of a run, once the run lock is ours, so none of these belongs to a live process.
 */
export async function sweepRunContainers(engine: SandboxEngine, runId: string): Promise<string[]> {
  const leftovers = await engine.listByLabels({ [LABEL_APP]: "1", [LABEL_RUN_ID]: runId });
  await Promise.all(leftovers.map((container) => engine.removeById(container.id)));
  return leftovers.map((container) => container.name);
}
