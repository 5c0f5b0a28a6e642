import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as pause } from "node:timers/promises";
import { z } from "zod";
import { isProcessAlive } from "../util/process.ts";
import { SeraBenchError } from "../util/errors.ts";

const lockSchema = z.object({ pid: z.number(), host: z.string(), started_at: z.string() });

/** What a lock file holds; `raw` names its generation (every lock's content is unique: it has a nonce). */
interface Holder {
  readonly raw: string;
  readonly owner?: z.infer<typeof lockSchema>;
}

/**
 * One process per run folder. The lock file is created exclusively (a complete file linked into
 * place: there is no moment where it exists half-written), so of processes started together exactly
 * one gets it. A lock left by a process of this host that is gone (killed) is taken over; a lock
 * of a live process, or of another host (its pid cannot be checked here), is an error naming it.
 */
export async function acquireRunLock(path: string, runId: string): Promise<{ release(): Promise<void> }> {
  await mkdir(dirname(path), { recursive: true });
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), started_at: new Date().toISOString(), nonce: randomBytes(8).toString("hex") });
  const holder = await takeFileLock(path, mine);
  if (holder !== undefined) throw new SeraBenchError(heldMessage(runId, path, holder));
  return { release: () => releaseIfMine(path, mine) };
}

function heldMessage(runId: string, path: string, holder: Holder): string {
  const owner = holder.owner!;
  const by = `pid ${owner.pid}${owner.host === hostname() ? "" : ` on host ${owner.host}`}, started ${owner.started_at}`;
  const hint = owner.host === hostname() ? "wait for it, or use another --run-id" : `if that process is gone, remove ${path}; or use another --run-id`;
  return `run ${runId} is already in progress (${by}); ${hint}`;
}

/**
 * Take the lock at `path` with `content`; returns undefined once it is ours, or its live holder.
 * A stale lock is replaced only by the one process that first creates `<path>.takeover-<generation>`
 * (itself such a lock, so a taker killed half-way is taken over in turn); the others retry and find
 * the new holder.
 */
async function takeFileLock(path: string, content: string): Promise<Holder | undefined> {
  for (;;) {
    if (await createExclusive(path, content)) return undefined;
    const held = await readHolder(path);
    if (held === undefined) continue;
    if (!isStale(held)) return held;
    const marker = `${path}.takeover-${createHash("sha256").update(held.raw).digest("hex").slice(0, 16)}`;
    const taker = await takeFileLock(marker, content);
    if (taker !== undefined) {
      await pause(20); // another process is replacing the stale lock: look again
      continue;
    }
    try {
      if ((await readHolder(path))?.raw === held.raw) await rm(path, { force: true });
    } finally {
      await rm(marker, { force: true });
    }
  }
}

/** Create `path` with `content` only if it does not exist: write a private file, then link it into place. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, content);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function readHolder(path: string): Promise<Holder | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { raw };
  }
  const owner = lockSchema.safeParse(parsed);
  return owner.success ? { raw, owner: owner.data } : { raw };
}

/** A lock nobody can hold any more: unreadable, or of a process of this host that is gone. */
function isStale(held: Holder): boolean {
  return held.owner === undefined || (held.owner.host === hostname() && !isProcessAlive(held.owner.pid));
}

async function releaseIfMine(path: string, content: string): Promise<void> {
  if ((await readHolder(path))?.raw === content) await rm(path, { force: true });
}
