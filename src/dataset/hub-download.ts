import { z } from "zod";
import { HubRequestError, type HubAttempt } from "./errors.ts";
import { badResponse, hubGet, type FetchFn } from "./hub-http.ts";
import type { DownloadedFile } from "./hub-cache.ts";
import type { HubSettings } from "./hub-settings.ts";
import { looksLikeParquet } from "./parquet.ts";

const urlListSchema = z.array(z.string().min(1)).min(1);

export type DownloadResult =
  | { readonly ok: true; readonly files: DownloadedFile[] }
  | { readonly ok: false; readonly attempts: HubAttempt[] };

/** Lists the split's parquet files with the hub API and downloads them; falls back to the resolve URL. */
export async function downloadSplit(settings: HubSettings, dataset: string, split: string, fetchFn: FetchFn): Promise<DownloadResult> {
  const attempts: HubAttempt[] = [];
  for (const strategy of [viaParquetApi, viaResolveUrl]) {
    try {
      return { ok: true, files: await strategy(settings, dataset, split, fetchFn) };
    } catch (error) {
      if (!(error instanceof HubRequestError)) throw error;
      attempts.push(error.attempt);
    }
  }
  return { ok: false, attempts };
}

/** The hub API that lists a split's parquet files (auto-converted branch). */
async function viaParquetApi(settings: HubSettings, dataset: string, split: string, fetchFn: FetchFn): Promise<DownloadedFile[]> {
  const listUrl = `${settings.endpoint}/api/datasets/${dataset}/parquet/default/${encodeURIComponent(split)}`;
  const response = await hubGet(listUrl, settings, fetchFn);
  const listed = urlListSchema.safeParse(await response.json().catch(() => undefined));
  if (!listed.success) throw badResponse(listUrl, "expected a JSON list of parquet file URLs");
  const files: DownloadedFile[] = [];
  for (const url of listed.data) files.push(await downloadParquet(new URL(url, listUrl).href, settings, fetchFn));
  return files;
}

/** The conventional single-shard file in the dataset repository itself. */
async function viaResolveUrl(settings: HubSettings, dataset: string, split: string, fetchFn: FetchFn): Promise<DownloadedFile[]> {
  const url = `${settings.endpoint}/datasets/${dataset}/resolve/main/data/${encodeURIComponent(split)}-00000-of-00001.parquet`;
  return [await downloadParquet(url, settings, fetchFn)];
}

async function downloadParquet(url: string, settings: HubSettings, fetchFn: FetchFn): Promise<DownloadedFile> {
  const response = await hubGet(url, settings, fetchFn);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new HubRequestError({ url, kind: "network", detail: `download interrupted: ${String(error)}` }, { cause: error });
  }
  if (!looksLikeParquet(bytes)) throw badResponse(url, "the response is not a parquet file");
  return { url, bytes };
}
