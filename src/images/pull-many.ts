import type Docker from "dockerode";
import { hasImage, pullImage } from "../sandbox/docker/pull.ts";
import type { WindowRateLimiter } from "./rate-limit.ts";
import PQueue from "p-queue";
import { optional } from "../util/optional.ts";

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
 * limiter. Resumable: images already present are skipped, so re-running after a stop continues.
 */
export async function pullMany(options: PullManyOptions): Promise<PullEvent[]> {
  const queue = new PQueue({ concurrency: options.concurrency });
  options.signal?.addEventListener("abort", () => queue.clear(), { once: true });
  const events: PullEvent[] = [];
  await Promise.all(
    [...new Set(options.images)].map((image) =>
      queue.add(async () => {
        const event = await pullOne(image, options);
        events.push(event);
        options.onEvent?.(event);
      }),
    ),
  );
  return events;
}

async function pullOne(image: string, options: PullManyOptions): Promise<PullEvent> {
  const started = Date.now();
  if (await hasImage(options.docker, image)) return { image, status: "present", attempts: 0, ms: Date.now() - started };
  const limiter = options.limiter;
  const outcome = await pullImage(options.docker, image, options, {
    ...optional("beforeAttempt", limiter === undefined ? undefined : () => limiter.acquire()),
    onRetry: (reason, delayMs) => options.onRetry?.(image, reason, delayMs),
    ...optional("signal", options.signal),
  });
  const ms = Date.now() - started;
  return outcome.ok ? { image, status: "pulled", attempts: outcome.attempts, ms } : { image, status: "failed", attempts: outcome.attempts, ms, reason: outcome.reason };
}
