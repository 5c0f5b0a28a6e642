import type Docker from "dockerode";
import { isTransientPullError } from "../sandbox/docker/errors.ts";
import { hasImage, pullImage } from "../sandbox/docker/pull.ts";
import type { WindowRateLimiter } from "./rate-limit.ts";
import PQueue from "p-queue";

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
  /** Attempts per image; 429 and 5xx answers back off exponentially (with jitter) between them. */
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
  let reason = "";
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    await options.limiter?.acquire();
    const outcome = await pullImage(options.docker, image, { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 });
    if (outcome.ok) return { image, status: "pulled", attempts: attempt, ms: Date.now() - started };
    reason = /no space left on device/i.test(outcome.reason)
      ? `${outcome.reason} (the disk is full: free space with \`sera-bench images prune --budget SIZE\`, then re-run; pulled images are kept)`
      : outcome.reason;
    if (!isTransientPullError(reason) || attempt === options.attempts || options.signal?.aborted === true) {
      return { image, status: "failed", attempts: attempt, ms: Date.now() - started, reason };
    }
    const delay = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
    options.onRetry?.(image, reason, delay);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return { image, status: "failed", attempts: options.attempts, ms: Date.now() - started, reason };
}
