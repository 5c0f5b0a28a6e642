import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { DatasetError } from "./errors.ts";
import { parquetRecords } from "./parquet.ts";
import { parseJson, parseJsonLines, readText } from "./text-files.ts";

/** A row before validation, with where it came from ("file.jsonl line 3") for error messages. */
export interface RawRow {
  readonly value: unknown;
  readonly where: string;
}

export async function readJsonRows(path: string): Promise<RawRow[]> {
  const parsed = parseJson(await readText(path), path);
  if (!Array.isArray(parsed)) throw new DatasetError(`${path}: expected a JSON list of dataset rows`);
  return parsed.map((value: unknown, index) => ({ value, where: `${path} index ${index}` }));
}

/** One JSON object per line; blank lines are skipped but still counted for line numbers. */
export async function readJsonlRows(path: string): Promise<RawRow[]> {
  return parseJsonLines(await readText(path), path);
}

export async function readParquetRows(path: string): Promise<RawRow[]> {
  const records = await parquetRecords(await readFile(path), path);
  return records.map((value, index) => ({ value, where: `${path} row ${index}` }));
}

/** Every immediate subdirectory holding an instance.json (one row) is an instance, by directory name. */
export async function readFolderRows(dir: string): Promise<RawRow[]> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows: RawRow[] = [];
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
