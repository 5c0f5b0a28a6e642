import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { DatasetError } from "./errors.ts";

const MAGIC = "PAR1";

/** True when the bytes start and end with the parquet magic (an HTML error page does not). */
export function looksLikeParquet(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 8) return false;
  const text = (start: number) => String.fromCharCode(...bytes.subarray(start, start + 4));
  return text(0) === MAGIC && text(bytes.byteLength - 4) === MAGIC;
}

/** Every row of a parquet file as a plain object; `label` names the file in errors. */
export async function parquetRecords(bytes: Uint8Array, label: string): Promise<Record<string, unknown>[]> {
  if (!looksLikeParquet(bytes)) throw new DatasetError(`${label} is not a parquet file (no PAR1 magic bytes)`);
  const file = new Uint8Array(bytes).buffer;
  try {
    return await parquetReadObjects({ file, compressors });
  } catch (error) {
    throw new DatasetError(`Could not read parquet file ${label}: ${String(error)}`, { cause: error });
  }
}
