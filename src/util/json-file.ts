import { readFile } from "node:fs/promises";
import type { z } from "zod";

/**
 * A JSON file the program wrote itself and reads back (resume, locks, records), checked by its
 * schema: undefined when it is missing, unreadable or not of that shape (then it counts as absent).
 */
export async function readJsonIfValid<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
