import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import { SeraBenchError } from "../../util/errors.ts";
import { authFor } from "./auth.ts";
import { isNotFound } from "./errors.ts";
import { classifyPullError, describePullFailure, pullErrorFacts } from "./pull-errors.ts";
import type { PullFailureKind } from "./pull-errors.ts";
import { optional } from "../../util/optional.ts";

export interface PullPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_PULL_POLICY: PullPolicy = { attempts: 6, baseDelayMs: 2_000, maxDelayMs: 60_000 };

/** Whether the engine has the image; any error but "no such image" is thrown. */
export async function hasImage(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** One pull, following the progress stream to its end (errors arrive inside the stream too). */
async function pullOnce(docker: Docker, image: string): Promise<void> {
  const auth = authFor(image);
  const stream = await docker.pull(image, optional("authconfig", auth));
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, events: { error?: string }[]) => {
      const failed = events.find((event) => typeof event.error === "string");
      if (error !== null) reject(error);
      else if (failed?.error !== undefined) reject(new SeraBenchError(failed.error));
      else resolve();
    });
  });
}

export interface PullHooks {
  /** Awaited before each attempt (a rate limiter's turn); a rejection (its wait aborted) ends the pull. */
  readonly beforeAttempt?: () => Promise<void>;
  /** Called before each backoff wait (for progress: "429 on X, waiting 4 s"). */
  readonly onRetry?: (reason: string, delayMs: number) => void;
  /** No further attempt once aborted (a backoff wait ends at once). */
  readonly signal?: AbortSignal;
}

export type PullResult =
  | { readonly ok: true; readonly image: string; readonly pulled: true; readonly attempts: number }
  | { readonly ok: false; readonly image: string; readonly reason: string; readonly attempts: number; readonly kind: PullFailureKind };

/**
 * Pull with exponential backoff (and jitter) on what can heal: rate limits, server errors,
 * time-outs. What cannot (no such host, refused, unauthorized, no such image) ends after one attempt.
 */
export async function pullImage(docker: Docker, image: string, policy: PullPolicy = DEFAULT_PULL_POLICY, hooks: PullHooks = {}): Promise<PullResult> {
  for (let attempt = 1; ; attempt++) {
    const ready = await (hooks.beforeAttempt?.() ?? Promise.resolve()).then(() => true, () => false);
    if (!ready || stopped(hooks)) return { ok: false, image, reason: "interrupted before the pull started", attempts: attempt - 1, kind: "interrupted" };
    const facts = await pullOnce(docker, image).then(() => undefined, (error: unknown) => pullErrorFacts(error));
    if (facts === undefined) return { ok: true, image, pulled: true, attempts: attempt };
    const failure = classifyPullError(facts);
    const reason = describePullFailure(image, facts, failure);
    if (!failure.retry || attempt >= policy.attempts || stopped(hooks)) return { ok: false, image, reason, attempts: attempt, kind: failure.kind };
    const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
    hooks.onRetry?.(reason, delay);
    await sleep(delay, undefined, optional("signal", hooks.signal)).catch(() => undefined);
    if (stopped(hooks)) return { ok: false, image, reason: `${reason} (interrupted before the next attempt)`, attempts: attempt, kind: failure.kind };
  }
}

function stopped(hooks: PullHooks): boolean {
  return hooks.signal?.aborted === true;
}
