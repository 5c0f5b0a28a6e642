import { hostname } from "node:os";
import { LABEL_APP, LABEL_OWNER } from "./labels.ts";
import type { SandboxEngine } from "./types.ts";
import { isProcessAlive } from "../util/process.ts";

export interface LabelledContainer {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}


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
