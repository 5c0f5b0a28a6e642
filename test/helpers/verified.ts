import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { loadDataset } from "../../src/dataset/load.ts";
import type { Instance } from "../../src/dataset/row.ts";
import { SHARED_DATA } from "./shared.ts";

export const VERIFIED_PARQUET = join(SHARED_DATA, "swe-bench-verified.test.parquet");

let cached: Promise<Instance[]> | undefined;

/** The 500 SWE-bench Verified rows (validated by the product's own loader), read once per test process. */
export function loadVerifiedRows(): Promise<Instance[]> {
  cached ??= loadDataset({ dataset: VERIFIED_PARQUET });
  return cached;
}

export const SPEC_FIXTURES = fileURLToPath(new URL("../fixtures/spec/", import.meta.url));
