import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { parseJsonAs, type MakeError } from "../../util/json.ts";
import { RunFolderError } from "./errors.ts";

const fail: MakeError = (message, cause) => new RunFolderError(message, { cause });

export async function readOptionalText(path: string, what: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new RunFolderError(`${path}: cannot read ${what}: ${(error as Error).message}`, { cause: error });
  }
}

/** Parses a JSON file; undefined when it does not exist. */
export async function readOptionalJson<T>(path: string, what: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const text = await readOptionalText(path, what);
  return text === undefined ? undefined : parseJsonAs(text, path, schema, what, fail);
}

/** One object per line; a bad line is named by number. */
export function parseJsonLines<T>(text: string, path: string, schema: z.ZodType<T>): T[] {
  const rows: T[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    rows.push(parseJsonAs(line, `${path} line ${index + 1}`, schema, "a prediction", fail));
  });
  return rows;
}
