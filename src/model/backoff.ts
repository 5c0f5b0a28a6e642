/** Retry delays: the server's hint (retry-after-ms, Retry-After seconds or HTTP date) or exponential backoff with jitter. Pure. */

export type BackoffPolicy = {
  /** Delay before the first retry, before jitter. */
  baseDelayMs: number;
  /** Upper bound of any computed delay (a server hint is honoured up to maxRetryAfterMs). */
  maxDelayMs: number;
  /** The longest server-requested wait we accept; longer hints are clamped to this. */
  maxRetryAfterMs: number;
};

export type HeaderReader = { get(name: string): string | null };

/** The server's requested wait in ms, or undefined when it gave none (or nonsense). */
export function retryAfterMs(headers: HeaderReader | undefined, nowMs: number): number | undefined {
  if (headers === undefined) return undefined;
  const millis = headers.get("retry-after-ms");
  if (millis !== null && millis.trim() !== "") {
    const value = Number(millis);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get("retry-after");
  if (after === null || after.trim() === "") return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Delay before retry number `failedAttempt` (1 = after the first failure): the server's hint when
 * present (clamped), else base * 2^(n-1) capped at maxDelayMs, with "equal jitter" (50%..100%).
 */
export function retryDelayMs(failedAttempt: number, policy: BackoffPolicy, hintMs: number | undefined, random: () => number): number {
  if (hintMs !== undefined) return Math.min(hintMs, policy.maxRetryAfterMs);
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(exponential * (0.5 + random() * 0.5));
}
