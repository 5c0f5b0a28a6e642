import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { writeJsonAtomic } from "../util/fs-atomic.ts";
import { readJsonIfValid } from "../util/json-file.ts";

/**
 * When sera-bench last used an image on an engine. Docker does not record it, so every evaluation
 * writes one small file per (engine, image) under $SERA_BENCH_STATE_DIR (default
 * ~/.cache/sera-bench)/image-use/. Atomic writes; concurrent runs only race on "which recent time".
 */
export function imageUseDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.SERA_BENCH_STATE_DIR ?? join(homedir(), ".cache", "sera-bench"), "image-use");
}

const useRecordSchema = z.object({ host: z.string(), image: z.string(), last_used: z.string() });

function recordFile(dir: string, host: string, image: string): string {
  return join(dir, `${createHash("sha256").update(`${host}\n${image}`).digest("hex").slice(0, 24)}.json`);
}

export async function recordImageUse(host: string, image: string, when: Date = new Date(), dir: string = imageUseDir()): Promise<void> {
  const record: z.infer<typeof useRecordSchema> = { host, image, last_used: when.toISOString() };
  await writeJsonAtomic(recordFile(dir, host, image), record, 0);
}

/** image reference -> last use on this engine. */
export async function readImageUse(host: string, dir: string = imageUseDir()): Promise<Map<string, Date>> {
  const uses = new Map<string, Date>();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith(".json"))) {
    // a record being replaced or damaged reads as absent: the image just counts as never used
    const record = await readJsonIfValid(join(dir, name), useRecordSchema);
    if (record?.host === host) uses.set(record.image, new Date(record.last_used));
  }
  return uses;
}
