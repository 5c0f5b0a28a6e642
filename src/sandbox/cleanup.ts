import { hostname } from "node:os";
import { LABEL_APP, LABEL_OWNER, LABEL_RUN_ID } from "./labels.ts";
import type { LabelledContainer, SandboxEngine } from "./types.ts";
import { isProcessAlive } from "../util/process.ts";

/**
 * Containers whose run is no longer alive: owner label `host:pid` on this host with the pid gone.
 * Another host's containers are left alone (their pid means nothing here) unless `all`. Pure apart
 * from `isAlive`.
 */
export function orphanedContainers<C extends LabelledContainer>(
  containers: readonly C[],
  options: { readonly all: boolean; readonly host?: string; readonly isAlive?: (pid: number) => boolean },
): C[] {
  const host = options.host ?? hostname();
  const isAlive = options.isAlive ?? isProcessAlive;
  return containers.filter((container) => {
    if (options.all) return true;
    const match = /^(.*):(\d+)$/.exec(container.labels[LABEL_OWNER] ?? "");
    if (match === null || match[1] !== host) return false;
    return !isAlive(Number(match[2]));
  });
}

/** `sera-bench cleanup`: remove sera-bench containers left by runs that are gone; returns their names. */
export async function cleanupContainers(engines: readonly SandboxEngine[], options: { readonly all: boolean; readonly dryRun?: boolean }): Promise<string[]> {
  const removed: string[] = [];
  for (const engine of engines) {
    const found = await engine.listByLabels({ [LABEL_APP]: "1" });
    for (const container of orphanedContainers(found, { all: options.all })) {
      if (options.dryRun !== true) await engine.removeById(container.id);
      removed.push(`${container.name} (${engine.describe})`);
    }
  }
  return removed;
}

/**
 * Remove the containers a run left behind (a killed process cannot remove its own). Called at the
 * start of a run, once the run lock is ours, so none of these belongs to a live process.
 */
export async function sweepRunContainers(engine: SandboxEngine, runId: string, more: Readonly<Record<string, string>> = {}): Promise<string[]> {
  const leftovers = await engine.listByLabels({ [LABEL_APP]: "1", [LABEL_RUN_ID]: runId, ...more });
  await Promise.all(leftovers.map((container) => engine.removeById(container.id)));
  return leftovers.map((container) => container.name);
}
