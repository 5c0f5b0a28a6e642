import { setTimeout as pause } from "node:timers/promises";

/**
 * Polls until `find` returns a value: a condition, not a fixed delay, so a busy machine only makes
 * the test slower. The deadline is only there to fail with a message instead of hanging.
 */
export async function waitFor<T>(find: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not seen after ${timeoutMs} ms`);
    await pause(100);
  }
}
