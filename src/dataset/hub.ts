import { readFile } from "node:fs/promises";
import { DatasetError, HubDownloadError } from "./errors.ts";
import { readCache, splitCacheDir, writeCache, type CachedFile } from "./hub-cache.ts";
import { downloadSplit } from "./hub-download.ts";
import type { FetchFn } from "./hub-http.ts";
import { downloadFailedMessage, offlineMessage, usingCacheNotice } from "./hub-messages.ts";
import type { HubSettings } from "./hub-settings.ts";
import { parquetRecords } from "./parquet.ts";
import type { RawRow } from "./raw-rows.ts";

export interface HubLoadInput {
  readonly dataset: string;
  readonly split: string;
  readonly settings: HubSettings;
  readonly fetch: FetchFn;
  /** Download again even when cached; a failed refresh falls back to the cache with a notice. */
  readonly refresh: boolean;
  readonly notice: (message: string) => void;
}

const SPLIT_NAME = /^[\w.-]+$/;

/**
 * A hub split's rows: from the cache when present (downloaded once), else downloaded and cached.
 * Offline mode never touches the network.
 */
export async function loadHubRows(input: HubLoadInput): Promise<RawRow[]> {
  const { dataset, split, settings } = input;
  if (!SPLIT_NAME.test(split)) throw new DatasetError(`Invalid split "${split}": expected letters, digits, '_', '.', '-' only`);
  const dir = splitCacheDir(settings.cacheRoot, dataset, split);
  const cached = await readCache(dir);
  if (cached !== undefined && (!input.refresh || settings.offline)) return rowsFromCache(cached);
  if (settings.offline) throw new DatasetError(offlineMessage(dataset, split, dir));
  const result = await downloadSplit(settings, dataset, split, input.fetch);
  if (result.ok) return rowsFromCache(await writeCache(dir, { dataset, split }, result.files));
  if (cached !== undefined) {
    input.notice(usingCacheNotice(dataset, split, dir, result.attempts));
    return rowsFromCache(cached);
  }
  throw new HubDownloadError(downloadFailedMessage(dataset, split, settings, result.attempts), result.attempts);
}

async function rowsFromCache(files: readonly CachedFile[]): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for (const file of files) {
    const records = await parquetRecords(await readFile(file.path), file.path);
    records.forEach((value, index) => rows.push({ value, where: `${file.path} (from ${file.url}) row ${index}` }));
  }
  return rows;
}
