import { setTimeout as sleep } from "node:timers/promises";
import { SeraBenchError } from "../util/errors.ts";
import { optional } from "../util/optional.ts";

/** At most `limit` starts in any `windowMs` (a sliding window), e.g. Docker Hub's 100 pulls per 6 h. */
export class WindowRateLimiter {
  private readonly starts: number[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limit) || limit < 1 || !(windowMs > 0)) throw new SeraBenchError(`rate limit: expected N >= 1 per a positive window, got ${limit} per ${windowMs} ms`);
  }

  /** Resolves when one more start fits in the window (callers are served in order); rejects on `signal`. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.chain.then(() => this.waitForRoom(signal));
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  private async waitForRoom(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      while (this.starts.length > 0 && (this.starts[0] ?? 0) <= now - this.windowMs) this.starts.shift();
      if (this.starts.length < this.limit) {
        this.starts.push(now);
        return;
      }
      await sleep((this.starts[0] ?? now) + this.windowMs - now + 1, undefined, optional("signal", signal));
    }
  }
}

/** "100/6h", "10/1m", "5/30s" -> limit and window. */
export function parseRate(text: string): { limit: number; windowMs: number } {
  const match = /^(\d+)\s*\/\s*(\d*(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(text.trim());
  if (match === null) throw new SeraBenchError(`--rate ${JSON.stringify(text)}: expected N/WINDOW such as 100/6h, 10/1m or 5/30s`);
  const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[3] as "ms" | "s" | "m" | "h"];
  return { limit: Number(match[1]), windowMs: Number(match[2] === "" ? 1 : match[2]) * scale };
}
