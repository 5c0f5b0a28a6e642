import { stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic, writeJsonAtomic } from "../util/fs-atomic.ts";
import { readJsonIfValid } from "../util/json-file.ts";

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
  const manifest = await readJsonIfValid(join(dir, MANIFEST), manifestSchema);
  if (manifest === undefined) return undefined;
  for (const file of manifest.files) {
    const info = await stat(join(dir, file.name)).catch(() => undefined);
    if (info?.size !== file.bytes) return undefined;
  }
  return manifest.files.map((file) => ({ path: join(dir, file.name), url: file.url }));
}

/** Writes the parts, then the manifest; returns the cached files. */
export async function writeCache(
  dir: string,
  meta: { dataset: string; split: string },
  downloads: readonly DownloadedFile[],
): Promise<CachedFile[]> {
  const files = downloads.map((download, index) => ({ name: partName(index), url: download.url, bytes: download.bytes.byteLength }));
  for (const [index, download] of downloads.entries()) await writeFileAtomic(join(dir, partName(index)), download.bytes);
  const manifest = { ...meta, downloadedAt: new Date().toISOString(), files };
  await writeJsonAtomic(join(dir, MANIFEST), manifest, 2);
  return files.map((file) => ({ path: join(dir, file.name), url: file.url }));
}

function partName(index: number): string {
  return `part-${String(index).padStart(5, "0")}.parquet`;
}
