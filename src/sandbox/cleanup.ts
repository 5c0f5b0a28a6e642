import { hostname } from "node:os";
import { LABEL_APP, LABEL_OWNER, LABEL_RUN_ID, ownerLabel } from "./labels.ts";
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
 * Remove the containers of a run id left behind by processes that are gone (a killed process cannot
 * remove its own), at the start of a run or a Slurm task. The owner label decides, never the run id
 * alone: another output folder may use the same run id, and its live process keeps its containers.
 * Another host's containers are left (`sera-bench cleanup --all` removes them).
 */
export async function sweepRunContainers(engine: SandboxEngine, runId: string, more: Readonly<Record<string, string>> = {}): Promise<string[]> {
  const found = await engine.listByLabels({ [LABEL_APP]: "1", [LABEL_RUN_ID]: runId, ...more });
  return removeAll(engine, orphanedContainers(found, { all: false }));
}

/** Remove this process's own containers of a run (on a stop, so the instances in flight end). */
export async function removeOwnContainers(engine: SandboxEngine, runId: string, more: Readonly<Record<string, string>> = {}): Promise<string[]> {
  return removeAll(engine, await engine.listByLabels({ [LABEL_APP]: "1", [LABEL_RUN_ID]: runId, [LABEL_OWNER]: ownerLabel(), ...more }));
}

async function removeAll(engine: SandboxEngine, containers: readonly LabelledContainer[]): Promise<string[]> {
  await Promise.all(containers.map((container) => engine.removeById(container.id)));
  return containers.map((container) => container.name);
}
