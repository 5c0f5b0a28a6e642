import { mkdir, rmdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/**
 * Creates a run folder (and the output folder above it when missing), remembering which folders this
 * call created, so that an invocation that fails on its inputs (a bad predictions file) takes back
 * the empty folders it made: a `results/<run-id>/` is left only by a run that wrote something in it.
 * Only empty folders are removed (`rmdir`), never anything in them.
 */
export async function createRunFolder(runDir: string): Promise<{ removeIfEmpty(): Promise<void> }> {
  const first = await mkdir(runDir, { recursive: true });
  return {
    async removeIfEmpty() {
      if (first === undefined) return;
      const top = resolve(first);
      for (let dir = resolve(runDir); ; dir = dirname(dir)) {
        const removed = await rmdir(dir).then(() => true, () => false);
        if (!removed || dir === top || dir === dirname(dir)) return;
      }
    },
  };
}
