import type { Readable } from "node:stream";
import type { OutputStream } from "../types.ts";

/**
 * Docker multiplexes stdout and stderr of a non-TTY exec into frames: an 8-byte header
 * (stream type, 3 zero bytes, big-endian payload length) then the payload. The returned data
 * handler calls `onFrame` once per complete frame, in arrival order.
 */
export function frameSplitter(onFrame: (payload: Buffer, stream: OutputStream) => void): (data: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (data) => {
    pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      onFrame(pending.subarray(8, 8 + size), pending[0] === 2 ? "stderr" : "stdout");
      pending = pending.subarray(8 + size);
    }
  };
}

/** Both streams of a multiplexed exec in arrival order, which is what a terminal (and the official harness) sees. */
export function readMultiplexed(stream: Readable, onPayload: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on("data", frameSplitter(onPayload));
    stream.on("end", () => resolve());
    stream.on("close", () => resolve());
    stream.on("error", reject);
  });
}
