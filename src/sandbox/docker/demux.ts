import type { Readable } from "node:stream";

/**
 * Docker multiplexes stdout and stderr of a non-TTY exec into frames: an 8-byte header
 * (stream type, 3 zero bytes, big-endian payload length) then the payload. We keep both
 * streams in arrival order, which is what a terminal (and the official harness) sees.
 */
export function readMultiplexed(stream: Readable, onPayload: (chunk: Buffer) => void): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    stream.on("data", (data: Buffer) => {
      pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
      while (pending.length >= 8) {
        const size = pending.readUInt32BE(4);
        if (pending.length < 8 + size) break;
        onPayload(pending.subarray(8, 8 + size));
        pending = pending.subarray(8 + size);
      }
    });
    stream.on("end", () => resolve());
    stream.on("close", () => resolve());
    stream.on("error", reject);
  });
}
