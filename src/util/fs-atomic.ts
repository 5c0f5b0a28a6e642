import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { redactSecrets } from "./secrets.ts";
import { explainWriteError, guardWrite } from "./write-errors.ts";

/**
 * Write a file so that readers see either the old content or the whole new one, never a part. A
 * write the filesystem refuses (disk full, read-only) is an OutputWriteError naming the file.
 * Text is written without the registered secrets (secrets.ts): this is the writer of `results/`.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await guardWrite(path, () => mkdir(dirname(path), { recursive: true }));
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await writeFile(temp, typeof content === "string" ? redactSecrets(content) : content);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw explainWriteError(path, error);
  }
}

export function writeJsonAtomic(path: string, value: unknown, indent = 4): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, indent)}\n`);
}
