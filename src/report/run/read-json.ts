import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { parseJsonAs } from "../../util/json.ts";
import { RunFolderError } from "./errors.ts";

async function readText(path: string, runDir: string, what: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new RunFolderError(`${path}: cannot read ${what}: ${(error as Error).message}`, runDir, { cause: error });
  }
}

function parseWith<T>(text: string, path: string, runDir: string, what: string, schema: z.ZodType<T>): T {
  return parseJsonAs(text, path, schema, what, (message, cause) => new RunFolderError(message, runDir, { cause }));
}

/** Parses a JSON file; undefined when it does not exist. */
export async function readOptionalJson<T>(path: string, runDir: string, what: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const text = await readText(path, runDir, what);
  return text === undefined ? undefined : parseWith(text, path, runDir, what, schema);
}

export async function readOptionalText(path: string, runDir: string, what: string): Promise<string | undefined> {
  return readText(path, runDir, what);
}

/** One object per line; a bad line is named by number. */
export function parseJsonLines<T>(text: string, path: string, runDir: string, schema: z.ZodType<T>): T[] {
  const rows: T[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    rows.push(parseWith(line, `${path} line ${index + 1}`, runDir, "a prediction", schema));
  });
  return rows;
}
