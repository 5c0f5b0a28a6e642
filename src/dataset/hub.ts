import { DatasetError, HubDownloadError } from "./errors.ts";
import { readCache, splitCacheDir, writeCache, type CachedFile } from "./hub-cache.ts";
import { downloadSplit } from "./hub-download.ts";
import { downloadFailedMessage, offlineMessage, usingCacheNotice } from "./hub-messages.ts";
import { hubSettings } from "./hub-settings.ts";
import type { LoadDatasetOptions } from "./load.ts";
import { readParquetRows } from "./raw-rows.ts";
import type { RawEntry } from "./text-files.ts";

const SPLIT_NAME = /^[\w.-]+$/;

/**
 * A hub split's rows: from the cache when present (downloaded once), else downloaded and cached.
 * Offline mode never touches the network; with `refresh`, a failed download falls back to the cache.
 */
export async function loadHubRows(dataset: string, options: LoadDatasetOptions): Promise<RawEntry[]> {
  const split = options.split ?? "test";
  const settings = hubSettings(options);
  if (!SPLIT_NAME.test(split)) throw new DatasetError(`Invalid split "${split}": expected letters, digits, '_', '.', '-' only`);
  const dir = splitCacheDir(settings.cacheRoot, dataset, split);
  const cached = await readCache(dir);
  if (cached !== undefined && (options.refresh !== true || settings.offline)) return rowsFromCache(cached);
  if (settings.offline) throw new DatasetError(offlineMessage(dataset, split, dir));
  const result = await downloadSplit(settings, dataset, split, options.fetch ?? globalThis.fetch);
  if (result.ok) return rowsFromCache(await writeCache(dir, { dataset, split }, result.files));
  if (cached !== undefined) {
    const notice = options.onNotice ?? ((message) => process.stderr.write(`${message}\n`));
    notice(usingCacheNotice(dataset, split, dir, result.attempts));
    return rowsFromCache(cached);
  }
  throw new HubDownloadError(downloadFailedMessage(dataset, split, settings, result.attempts));
}

async function rowsFromCache(files: readonly CachedFile[]): Promise<RawEntry[]> {
  const parts: RawEntry[][] = [];
  for (const file of files) parts.push(await readParquetRows(file.path, `${file.path} (from ${file.url})`));
  return parts.flat();
}
