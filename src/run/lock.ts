import { hostname } from "node:os";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { isProcessAlive } from "../util/process.ts";
import { SeraBenchError } from "../util/errors.ts";

interface LockContent {
  readonly pid: number;
  readonly host: string;
  readonly started_at: string;
}


/**
 * One process per run folder. A lock left by a process that is gone (killed) is taken over; a lock
 * held by a live process on this host is an error naming it.
 */
export async function acquireRunLock(path: string, runId: string): Promise<{ release(): Promise<void>; tookOver: boolean }> {
  await mkdir(dirname(path), { recursive: true });
  let tookOver = false;
  try {
    const held = JSON.parse(await readFile(path, "utf8")) as LockContent;
    if (held.host === hostname() && held.pid !== process.pid && isProcessAlive(held.pid)) {
      throw new SeraBenchError(`run ${runId} is already in progress (pid ${held.pid}, started ${held.started_at}); wait for it, or use another --run-id`);
    }
    tookOver = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" && !(error instanceof SyntaxError)) throw error;
  }
  const content: LockContent = { pid: process.pid, host: hostname(), started_at: new Date().toISOString() };
  await writeFile(path, JSON.stringify(content));
  return { release: () => rm(path, { force: true }), tookOver };
}
