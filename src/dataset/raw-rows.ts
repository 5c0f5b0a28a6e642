import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { DatasetError } from "./errors.ts";
import { parquetRecords } from "./parquet.ts";
import { parseJson, parseJsonLines, readText, type RawEntry } from "./text-files.ts";

export async function readJsonRows(path: string): Promise<RawEntry[]> {
  const parsed = parseJson(await readText(path), path);
  if (!Array.isArray(parsed)) throw new DatasetError(`${path}: expected a JSON list of dataset rows`);
  return parsed.map((value: unknown, index) => ({ value, where: `${path} index ${index}` }));
}

/** One JSON object per line; blank lines are skipped but still counted for line numbers. */
export async function readJsonlRows(path: string): Promise<RawEntry[]> {
  return parseJsonLines(await readText(path), path);
}

/** Rows are named `<label> row <index>` (`label` defaults to the path). */
export async function readParquetRows(path: string, label = path): Promise<RawEntry[]> {
  const records = await parquetRecords(await readFile(path), path);
  return records.map((value, index) => ({ value, where: `${label} row ${index}` }));
}

/** Every immediate subdirectory holding an instance.json (one row) is an instance, by directory name. */
export async function readFolderRows(dir: string): Promise<RawEntry[]> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows: RawEntry[] = [];
  for (const name of names) {
    const file = join(dir, name, "instance.json");
    if (!(await isFile(file))) continue;
    rows.push({ value: parseJson(await readText(file), file), where: file });
  }
  if (rows.length === 0) {
    throw new DatasetError(`${dir}: no instances found: expected subdirectories containing instance.json (one dataset row each)`);
  }
  return rows;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() === true;
}
