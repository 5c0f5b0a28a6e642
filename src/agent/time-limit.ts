import type { RetryEvent } from "../model/types.ts";
import { AgentExit } from "./types.ts";

export const TIME_LIMIT_MESSAGE = "Exit due to the instance time limit";

/** A call no answer came to for this many times the slowest call the server answered in the rollout is the server's. */
export const NO_ANSWER_FACTOR = 3;
/** ... and for at least this long (a sub-second server's jitter is not a hang). */
export const NO_ANSWER_FLOOR_MS = 2_000;

/** A model call in flight when the instance time limit passed. */
export interface CallInFlight {
  /** How long the call had waited, retries included. */
  readonly waitedMs: number;
  /** The slowest call the server answered earlier in this rollout (0: none). */
  readonly slowestAnsweredMs: number;
  /** The last failed attempt of this call (it was retrying), if any. */
  readonly lastFailure: RetryEvent | undefined;
  readonly limitMs: number;
}

/**
 * Whose doing the end of the instance time limit is, when it passed during a model call that had no
 * answer. The server's (`exit_api`, an error, retried by a re-run and counted by the run's breaker)
 * when an attempt of that call had already failed (it was retrying: refused, 5xx, 429, time-outs),
 * or when it had waited longer than NO_ANSWER_FACTOR times the slowest call the server answered in
 * this rollout and at least NO_ANSWER_FLOOR_MS (every wait, when it had answered none). Otherwise the
 * server was answering at its usual pace and the rollout simply used its time (`exit_timeout`, the
 * model's, as when the limit passes between calls or in a command).
 */
export function timeLimitExit(call: CallInFlight, cause: unknown): AgentExit {
  const waited = `the call in flight had waited ${(call.waitedMs / 1000).toFixed(1)} s`;
  if (call.lastFailure !== undefined) {
    const failure = call.lastFailure;
    const status = failure.status === undefined ? "" : ` HTTP ${failure.status}`;
    return new AgentExit(
      "exit_api",
      `Exit due to the model server: it did not answer within the instance time limit (${call.limitMs / 1000} s); ${waited}, retrying after failed attempts (last: ${failure.reason}${status}: ${failure.message})`,
      { cause },
    );
  }
  const threshold = Math.max(NO_ANSWER_FACTOR * call.slowestAnsweredMs, NO_ANSWER_FLOOR_MS);
  if (call.waitedMs < threshold) return new AgentExit("exit_timeout", TIME_LIMIT_MESSAGE, { cause });
  const usual = call.slowestAnsweredMs === 0
    ? "it had answered no call of this rollout"
    : `its slowest answer in this rollout took ${(call.slowestAnsweredMs / 1000).toFixed(1)} s`;
  return new AgentExit(
    "exit_api",
    `Exit due to the model server: it did not answer within the instance time limit (${call.limitMs / 1000} s); ${waited} with no answer (${usual}). A server that is only slow needs a longer --instance-timeout`,
    { cause },
  );
}
