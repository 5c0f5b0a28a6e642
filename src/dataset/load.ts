import type { Instance } from "./row.ts";
import type { FetchFn } from "./hub-http.ts";
import { loadHubRows } from "./hub.ts";
import { readFolderRows, readJsonlRows, readJsonRows, readParquetRows } from "./raw-rows.ts";
import type { RawEntry } from "./text-files.ts";
import { DatasetError } from "./errors.ts";
import { bundledHint, noSuchFolder, resolveDatasetSource, type DatasetSource } from "./source.ts";
import { validateRows } from "./validate.ts";

export interface LoadDatasetOptions {
  /** An alias (verified, lite, full), a hub name owner/name, a .json/.jsonl/.parquet file or a folder. */
  readonly dataset: string;
  /** Hub split (default "test"); local files have no splits and ignore it. */
  readonly split?: string | undefined;
  /** Root of our dataset cache (default $HF_HOME/sera-bench/datasets). */
  readonly cacheDir?: string | undefined;
  /** Cache only, as HF_HUB_OFFLINE=1. */
  readonly offline?: boolean | undefined;
  /** Download again even when cached; on failure the cache is used and a notice printed. */
  readonly refresh?: boolean | undefined;
  readonly fetch?: FetchFn | undefined;
  /** Environment to read HF_* from (default process.env). */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Where notices go (default: a line on stderr). */
  readonly onNotice?: ((message: string) => void) | undefined;
}

/** Reads the dataset from wherever it lives, then validates every row once. */
export async function loadDataset(options: LoadDatasetOptions): Promise<Instance[]> {
  const source = await resolveDatasetSource(options.dataset);
  const rows = await readSourceRows(source, options);
  return validateRows(rows);
}

async function readSourceRows(source: DatasetSource, options: LoadDatasetOptions): Promise<RawEntry[]> {
  switch (source.kind) {
    case "json":
      return readJsonRows(source.path);
    case "jsonl":
      return readJsonlRows(source.path);
    case "parquet":
      return readParquetRows(source.path);
    case "folder":
      return readFolderRows(source.path);
    case "hub":
      return loadHubRows(source.name, options).catch((error: unknown) => {
        throw source.name === options.dataset && error instanceof DatasetError ? notFolderNorHub(options.dataset, error) : error;
      });
  }
}

/** `instances/sample` is a path and a hub name at once: when it is neither, both are said. */
function notFolderNorHub(dataset: string, hubError: DatasetError): DatasetError {
  return new DatasetError(`Dataset not found: ${noSuchFolder(dataset)}, nor as ${dataset} on the Hugging Face hub:\n${hubError.message}${bundledHint(dataset)}`, { cause: hubError });
}
