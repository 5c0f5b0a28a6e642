/**
 * Collects a command's output up to a byte cap. Past the cap it keeps the head and the tail
 * (grading needs both the start marker and the end marker) and records how much was dropped.
 * Decoding replaces invalid UTF-8 with U+FFFD.
 */
export const DEFAULT_MAX_OUTPUT_BYTES = 10 * 1024 * 1024;

export class CappedOutput {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;
  private readonly headCap: number;
  private readonly tailCap: number;

  constructor(maxBytes: number = DEFAULT_MAX_OUTPUT_BYTES) {
    this.headCap = Math.ceil(maxBytes / 2);
    this.tailCap = Math.floor(maxBytes / 2);
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  push(chunk: Buffer): void {
    if (this.headBytes < this.headCap) {
      const room = this.headCap - this.headBytes;
      const part = chunk.subarray(0, room);
      this.head.push(part);
      this.headBytes += part.length;
      chunk = chunk.subarray(part.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    this.trimTail();
  }

  private trimTail(): void {
    while (this.tailBytes > this.tailCap && this.tail.length > 0) {
      const first = this.tail[0] as Buffer;
      const excess = this.tailBytes - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.dropped += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
        this.dropped += excess;
      }
    }
  }

  /** Nothing dropped: head and tail are one stream, decoded as one (a character across them stays whole). */
  text(): string {
    const decoder = new TextDecoder("utf-8", { fatal: false });
    if (!this.truncated) return decoder.decode(Buffer.concat([...this.head, ...this.tail]));
    const note = `\n[sera-bench: output truncated, ${this.dropped} bytes dropped from the middle]\n`;
    return decoder.decode(Buffer.concat(this.head)) + note + decoder.decode(Buffer.concat(this.tail));
  }
}
