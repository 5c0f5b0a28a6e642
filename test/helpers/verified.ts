import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { join } from "node:path";
import { SHARED_DATA } from "./shared.ts";
import { instanceRowSchema, type Instance } from "../../src/dataset/row.ts";

export const VERIFIED_PARQUET = join(SHARED_DATA, "swe-bench-verified.test.parquet");

let cached: Promise<Instance[]> | undefined;

async function readRows(path: string): Promise<Instance[]> {
  const bytes = await readFile(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const records = await parquetReadObjects({ file, compressors });
  return records.map((record, index) => {
    const result = instanceRowSchema.safeParse(record);
    if (!result.success) throw new Error(`${path} row ${index}: ${result.error.message}`);
    return result.data;
  });
}

/** The 500 SWE-bench Verified rows (validated), read once per test process. */
export function loadVerifiedRows(path: string = VERIFIED_PARQUET): Promise<Instance[]> {
  if (path !== VERIFIED_PARQUET) return readRows(path);
  cached ??= readRows(path);
  return cached;
}

export const SPEC_FIXTURES = fileURLToPath(new URL("../fixtures/spec/", import.meta.url));
