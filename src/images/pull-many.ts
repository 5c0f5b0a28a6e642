import type Docker from "dockerode";
import { optional } from "../util/optional.ts";
import { hasImage, pullImage } from "../sandbox/docker/pull.ts";
import type { WindowRateLimiter } from "./rate-limit.ts";

export interface PullEvent {
  readonly image: string;
  readonly status: "present" | "pulled" | "failed";
  readonly attempts: number;
  readonly ms: number;
  readonly reason?: string;
}

export interface PullManyOptions {
  readonly docker: Docker;
  readonly images: readonly string[];
  readonly concurrency: number;
  readonly limiter?: WindowRateLimiter;
  /** Attempts per image; 429, 5xx and time-outs back off exponentially (with jitter) between them; other failures end at once. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly onEvent?: (event: PullEvent) => void;
  /** Called before each backoff wait (for progress: "429 on X, waiting 4 s"). */
  readonly onRetry?: (image: string, reason: string, delayMs: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * `images pull`: pull what is missing, `concurrency` at once, each attempt counted by the rate
 * limiter. Resumable: images already present are skipped, so re-running after a stop continues. On
 * `signal`, no new pull starts and this returns once the pulls under way have ended (their events
 * only): every image not reached is simply not in the list.
 */
export async function pullMany(options: PullManyOptions): Promise<PullEvent[]> {
  const images = [...new Set(options.images)];
  const events: PullEvent[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < images.length && !stopped(options)) {
      const event = await pullOne(images[next++] as string, options);
      events.push(event);
      options.onEvent?.(event);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, images.length)) }, lane));
  return events;
}

async function pullOne(image: string, options: PullManyOptions): Promise<PullEvent> {
  const started = Date.now();
  if (await hasImage(options.docker, image)) return { image, status: "present", attempts: 0, ms: Date.now() - started };
  const limiter = options.limiter;
  const outcome = await pullImage(options.docker, image, options, {
    ...optional("beforeAttempt", limiter === undefined ? undefined : () => limiter.acquire(options.signal)),
    onRetry: (reason, delayMs) => options.onRetry?.(image, reason, delayMs),
    ...optional("signal", options.signal),
  });
  const ms = Date.now() - started;
  return outcome.ok ? { image, status: "pulled", attempts: outcome.attempts, ms } : { image, status: "failed", attempts: outcome.attempts, ms, reason: outcome.reason };
}

function stopped(options: Pick<PullManyOptions, "signal">): boolean {
  return options.signal?.aborted === true;
}
