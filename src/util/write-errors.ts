import { SeraBenchError } from "./errors.ts";

/** errno codes of a write the filesystem itself refused, each with what the user can do about it. */
const REFUSED_WRITES: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on the device: free space on that filesystem",
  EDQUOT: "the disk quota is exceeded: free space within your quota",
  EFBIG: "the file is too large for that filesystem: use another filesystem",
  EROFS: "the filesystem is read-only: make it writable",
  EIO: "an I/O error on the device: check the disk",
};

/**
 * A write of the run's output failed for a reason no retry fixes (disk full, quota, read-only): the
 * run ends cleanly with this error (containers removed, the lock released, finished work kept).
 */
export class OutputWriteError extends SeraBenchError {}

/** A refused write as an error naming the file and what to do; any other error unchanged. */
export function explainWriteError(path: string, error: unknown): unknown {
  if (error instanceof OutputWriteError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why = code === undefined ? undefined : REFUSED_WRITES[code];
  if (why === undefined) return error;
  return new OutputWriteError(
    `cannot write ${path}: ${why} (${code}) or choose another --output-dir, then re-run the same command (finished instances are kept)`,
    { cause: error },
  );
}

/** Run a write of `path`, turning a refused write into an OutputWriteError. */
export async function guardWrite<T>(path: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw explainWriteError(path, error);
  }
}
