/**
 * A reader that stops reading (`sera-bench gate ... | head -1`) closes the pipe: our next write to
 * it fails with EPIPE. That is the reader's choice, not a failure of the command, so it must not
 * change the exit code: the rest of the output is dropped and the command finishes as it would have
 * (its files written, its exit code its own). Any other error on the stream still surfaces.
 */
export function dropOutputToClosedReader(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}
