import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../util/fs-atomic.ts";

/**
 * The on-disk cache of one hub split: part-00000.parquet, ... and manifest.json, written last.
 * A split is cached only when its manifest exists and lists files that exist; every file is
 * written to a temporary name and renamed, so a crash never leaves a half file under a real name.
 */
export interface CachedFile {
  readonly path: string;
  readonly url: string;
}

export interface DownloadedFile {
  readonly url: string;
  readonly bytes: Uint8Array;
}

const MANIFEST = "manifest.json";
const manifestSchema = z.object({
  dataset: z.string(),
  split: z.string(),
  downloadedAt: z.string(),
  files: z.array(z.object({ name: z.string(), url: z.string(), bytes: z.number() })).min(1),
});

export function splitCacheDir(cacheRoot: string, dataset: string, split: string): string {
  return join(cacheRoot, dataset.replace("/", "__"), split);
}

/** The cached files of a split, or undefined when the cache is missing or incomplete. */
export async function readCache(dir: string): Promise<CachedFile[] | undefined> {
  const text = await readFile(join(dir, MANIFEST), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const manifest = manifestSchema.safeParse(safeJson(text));
  if (!manifest.success) return undefined;
  const files = manifest.data.files.map((file) => ({ path: join(dir, file.name), url: file.url, bytes: file.bytes }));
  for (const file of files) {
    const info = await stat(file.path).catch(() => undefined);
    if (info?.size !== file.bytes) return undefined;
  }
  return files.map(({ path, url }) => ({ path, url }));
}

/** Writes the parts, then the manifest; returns the cached files. */
export async function writeCache(
  dir: string,
  meta: { dataset: string; split: string },
  downloads: readonly DownloadedFile[],
): Promise<CachedFile[]> {
  await mkdir(dir, { recursive: true });
  const files = downloads.map((download, index) => ({ name: partName(index), url: download.url, bytes: download.bytes.byteLength }));
  for (const [index, download] of downloads.entries()) await writeFileAtomic(join(dir, partName(index)), download.bytes);
  const manifest = { ...meta, downloadedAt: new Date().toISOString(), files };
  await writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return files.map((file) => ({ path: join(dir, file.name), url: file.url }));
}

function partName(index: number): string {
  return `part-${String(index).padStart(5, "0")}.parquet`;
}


function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
