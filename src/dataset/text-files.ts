import { readFile } from "node:fs/promises";
import { DatasetError } from "./errors.ts";

/**
 * A dataset row or a prediction before validation, with where it came from ("file.jsonl line 3",
 * "file.json index 2", 'file.json key "x"') for error messages.
 */
export interface RawEntry {
  readonly value: unknown;
  readonly where: string;
}

/** A UTF-8 file, or a DatasetError naming it. */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new DatasetError(`Could not read ${path}: ${String(error)}`, { cause: error });
  }
}

/** JSON.parse with the location in the message. */
export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DatasetError(`${where}: invalid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}

/** One JSON value per line of a .jsonl file; blank lines are skipped but still counted. */
export function parseJsonLines(text: string, path: string): RawEntry[] {
  const entries: RawEntry[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === "") continue;
    const where = `${path} line ${index + 1}`;
    entries.push({ value: parseJson(line, where), where });
  }
  return entries;
}
