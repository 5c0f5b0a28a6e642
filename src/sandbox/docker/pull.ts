import { SeraBenchError } from "../../util/errors.ts";
import type Docker from "dockerode";
import type { EnsureImageResult } from "../types.ts";
import { authFor } from "./auth.ts";
import { isNotFound, isTransientPullError } from "./errors.ts";
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

/** Pull with exponential backoff (and jitter) on 429 and 5xx; other failures end at once. */
export async function pullImage(docker: Docker, image: string, policy: PullPolicy = DEFAULT_PULL_POLICY): Promise<EnsureImageResult> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    try {
      await pullOnce(docker, image);
      return { ok: true, image, pulled: true };
    } catch (error) {
      lastError = error;
      if (!isTransientPullError(error) || attempt === policy.attempts) break;
      const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delay * (0.75 + Math.random() * 0.5)));
    }
  }
  return { ok: false, image, reason: `could not pull ${image}: ${describePullError(lastError)}` };
}

function describePullError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^\(HTTP code \d+\)\s*[\w ]*-\s*/, "").trim();
}
