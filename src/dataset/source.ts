import { stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { DatasetError } from "./errors.ts";
import { projectPath } from "../util/paths.ts";

/** Where a dataset comes from, decided once from the --dataset argument. */
export type DatasetSource =
  | { readonly kind: "hub"; readonly name: string }
  | { readonly kind: "json" | "jsonl" | "parquet" | "folder"; readonly path: string };

const VERIFIED = "SWE-bench/SWE-bench_Verified";
const LITE = "SWE-bench/SWE-bench_Lite";
const FULL = "SWE-bench/SWE-bench";

/** Short names, matched case-insensitively (the v4 harness's Lite/full spellings plus Verified). */
export const DATASET_ALIASES: Readonly<Record<string, string>> = {
  verified: VERIFIED,
  "swe-bench-verified": VERIFIED,
  "swebench-verified": VERIFIED,
  "swe_bench_verified": VERIFIED,
  "swe-bench_verified": VERIFIED,
  lite: LITE,
  "swe-bench-lite": LITE,
  "swebench-lite": LITE,
  "swe_bench_lite": LITE,
  "swe-bench_lite": LITE,
  full: FULL,
  "swe-bench": FULL,
  swebench: FULL,
  "swe_bench": FULL,
};

/** The bundled sample's folder, inside the package (whatever the working directory). */
export const SAMPLE_DATASET_DIR = projectPath("instances/sample");

/** Instance folders shipped with sera-bench, by name (`flaky`: one test that passes half the time, for `--repeat`). */
export const BUNDLED_DATASETS: Readonly<Record<string, string>> = { sample: SAMPLE_DATASET_DIR, flaky: projectPath("instances/flaky") };

/**
 * One name per dataset for comparing runs: an alias as its hub name, a bundled folder (by its name
 * or a path ending in it, e.g. `instances/sample/`) as its bundled name, other paths without `./`
 * and trailing slashes. Runs record `--dataset` as given, so `sample` and `instances/sample` meet.
 */
export function datasetKey(dataset: string): string {
  const alias = DATASET_ALIASES[dataset.toLowerCase()];
  if (alias !== undefined) return alias;
  const path = dataset.replace(/\\/g, "/").replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  for (const [name, dir] of Object.entries(BUNDLED_DATASETS)) {
    const folder = `instances/${name}`;
    if (path.toLowerCase() === name || path === dir.replace(/\\/g, "/") || path === folder || path.endsWith(`/${folder}`)) return name;
  }
  return path;
}

const HUB_NAME = /^[\w.-]+\/[\w.-]+$/;
const FILE_KINDS: Readonly<Record<string, "json" | "jsonl" | "parquet">> = { ".json": "json", ".jsonl": "jsonl", ".parquet": "parquet" };

/**
 * Aliases and bundled names first (they are reserved words: write ./lite for a folder named lite),
 * then paths that exist or end in .json/.jsonl/.parquet, then owner/name on the hub.
 */
export async function resolveDatasetSource(dataset: string): Promise<DatasetSource> {
  const alias = DATASET_ALIASES[dataset.toLowerCase()];
  if (alias !== undefined) return { kind: "hub", name: alias };
  const bundled = BUNDLED_DATASETS[dataset.toLowerCase()];
  if (bundled !== undefined) return { kind: "folder", path: bundled };
  const kind = FILE_KINDS[extname(dataset).toLowerCase()];
  const info = await stat(dataset).catch(() => undefined);
  if (kind !== undefined) {
    if (info?.isFile() !== true) throw new DatasetError(`Dataset file not found: ${dataset}`);
    return { kind, path: dataset };
  }
  if (info?.isDirectory() === true) return { kind: "folder", path: dataset };
  if (info !== undefined) {
    throw new DatasetError(`Unsupported dataset file ${dataset}: expected a .json, .jsonl or .parquet file`);
  }
  if (HUB_NAME.test(dataset) && !dataset.startsWith(".")) return { kind: "hub", name: dataset };
  if (/[/\\]|^\./.test(dataset)) throw new DatasetError(`Dataset not found: ${noSuchFolder(dataset)}${bundledHint(dataset)}`);
  throw new DatasetError(
    `Unknown dataset "${dataset}": expected an alias (verified, lite, full), the bundled folders (sample, flaky), a Hugging Face name owner/name, ` +
      "a .json/.jsonl/.parquet file, or a folder of instance folders",
  );
}

/** "no such folder X (looked for /abs/X)": a --dataset that names a path that does not exist. */
export function noSuchFolder(dataset: string): string {
  return `no such folder ${dataset} (looked for ${resolve(dataset)})`;
}

/** When the path ends in a bundled folder (`instances/sample` outside a checkout), its bundled name. */
export function bundledHint(dataset: string): string {
  const key = datasetKey(dataset);
  return BUNDLED_DATASETS[key] === undefined ? "" : `\nThe bundled ${key} is \`--dataset ${key}\`, from any directory.`;
}
