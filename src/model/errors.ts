/** Model errors, classified by class (never by matching messages downstream). */
import { SeraBenchError } from "../util/errors.ts";

export type ModelErrorFields = { status?: number; requestId?: string; cause?: unknown };

export class ModelError extends SeraBenchError {
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  constructor(message: string, fields: ModelErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = new.target.name;
    this.status = fields.status;
    this.requestId = fields.requestId;
  }
}

/** 401/403: the key is wrong or lacks access. Aborts the run. */
export class ModelAuthError extends ModelError {}

/** 404: wrong model id or base URL. Aborts the run. */
export class ModelNotFoundError extends ModelError {}

export type OverflowCounts = {
  maxContextTokens?: number;
  /** Total tokens the request asked for (prompt + completion budget), when the server said so. */
  requestedTokens?: number;
  promptTokens?: number;
  completionTokens?: number;
};

/** The prompt (plus max_tokens) does not fit the context window. Goes to the overflow policy. */
export class ContextOverflowError extends ModelError {
  readonly serverMessage: string;
  readonly counts: OverflowCounts;
  constructor(serverMessage: string, counts: OverflowCounts, fields: ModelErrorFields = {}) {
    super(`context overflow: ${serverMessage}`, fields);
    this.serverMessage = serverMessage;
    this.counts = counts;
  }
}

/** Retries exhausted on 429 / 5xx / timeouts / connection errors. */
export class ModelUnavailableError extends ModelError {
  readonly attempts: number;
  constructor(message: string, attempts: number, fields: ModelErrorFields = {}) {
    super(message, fields);
    this.attempts = attempts;
  }
}

/**
 * The server was never reached: the pre-flight GET /models could not connect, and neither could the
 * first model call (no retries: a server never seen is not one that is restarting). Stops the run.
 */
export class ModelUnreachableError extends ModelError {}

/** The server answered 2xx but the body is not a usable chat completion. */
export class ModelResponseError extends ModelError {}

/** Any other 4xx: the server rejected the request (not retried). */
export class ModelRequestError extends ModelError {}

/** The caller's AbortSignal fired. */
export class ModelAbortedError extends ModelError {}
