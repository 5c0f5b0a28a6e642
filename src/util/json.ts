import { z } from "zod";
import { SeraBenchError } from "./errors.ts";

/** Makes the error a reader throws (a folder's or a dataset's own error class). */
export type MakeError = (message: string, cause?: unknown) => Error;

const plain: MakeError = (message, cause) => new SeraBenchError(message, { cause });

/**
 * JSON text of a known shape, checked by its schema. The errors name the place and what was
 * expected: `where: <what> is not valid JSON (...)`, `where: not <what> as expected:\n<issues>`.
 */
export function parseJsonAs<T>(text: string, where: string, schema: z.ZodType<T>, what: string, fail: MakeError = plain): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw fail(`${where}: ${what} is not valid JSON (${(error as Error).message})`, error);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fail(`${where}: not ${what} as expected:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
