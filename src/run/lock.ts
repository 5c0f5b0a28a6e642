import { hostname } from "node:os";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { z } from "zod";
import { readJsonIfValid } from "../util/json-file.ts";
import { dirname } from "node:path";
import { isProcessAlive } from "../util/process.ts";
import { SeraBenchError } from "../util/errors.ts";

const lockSchema = z.object({ pid: z.number(), host: z.string(), started_at: z.string() });

/**
 * One process per run folder. A lock left by a process that is gone (killed) is taken over; a lock
 * held by a live process on this host is an error naming it.
 */
export async function acquireRunLock(path: string, runId: string): Promise<{ release(): Promise<void> }> {
  await mkdir(dirname(path), { recursive: true });
  const held = await readJsonIfValid(path, lockSchema);
  if (held !== undefined && held.host === hostname() && held.pid !== process.pid && isProcessAlive(held.pid)) {
    throw new SeraBenchError(`run ${runId} is already in progress (pid ${held.pid}, started ${held.started_at}); wait for it, or use another --run-id`);
  }
  const content: z.infer<typeof lockSchema> = { pid: process.pid, host: hostname(), started_at: new Date().toISOString() };
  await writeFile(path, JSON.stringify(content));
  return { release: () => rm(path, { force: true }) };
}
