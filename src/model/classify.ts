/**
 * Turns what the OpenAI SDK threw into either "retry" (with the reason and the server's wait hint)
 * or a typed ModelError that ends the call. The SDK runs with maxRetries: 0; retries are ours.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { retryAfterMs } from "./backoff.ts";
import {
  ContextOverflowError,
  ModelAbortedError,
  ModelAuthError,
  ModelError,
  ModelNotFoundError,
  ModelRequestError,
} from "./errors.ts";
import { isContextOverflowMessage, parseOverflowCounts } from "./overflow.ts";
import type { RetryReason } from "./types.ts";
import { optional } from "../util/optional.ts";

export type Classified =
  | { kind: "retry"; reason: RetryReason; message: string; status?: number; hintMs?: number; requestId?: string }
  | { kind: "fatal"; error: ModelError };

/** The server's own error text: the body's message (OpenAI or vLLM shape) or the SDK's message. */
export function serverMessage(error: APIError): string {
  const body: unknown = error.error;
  if (typeof body === "object" && body !== null && "message" in body && typeof body.message === "string") return body.message;
  return error.message;
}

function fields(error: APIError) {
  return {
    ...optional("status", error.status),
    ...(error.requestID ? { requestId: error.requestID } : {}),
    cause: error,
  };
}

function classifyStatus(error: APIError, status: number, nowMs: number): Classified {
  const text = serverMessage(error);
  const requestId = error.requestID ?? undefined;
  const hintMs = retryAfterMs(error.headers, nowMs);
  const retry = (reason: RetryReason): Classified => ({
    kind: "retry", reason, message: text, status,
    ...optional("hintMs", hintMs), ...(requestId ? { requestId } : {}),
  });
  if (status === 429) return retry("rate_limit");
  if (status === 408) return retry("timeout");
  if (status >= 500) return retry("server_error");
  if (status === 401 || status === 403) return { kind: "fatal", error: new ModelAuthError(`model server refused the credentials (HTTP ${status}): ${text}`, fields(error)) };
  if (status === 404) return { kind: "fatal", error: new ModelNotFoundError(`model or endpoint not found (HTTP 404): ${text}`, fields(error)) };
  const bodyText = `${text} ${JSON.stringify(error.error ?? "")}`;
  if (isContextOverflowMessage(bodyText)) return { kind: "fatal", error: new ContextOverflowError(text, parseOverflowCounts(text), fields(error)) };
  return { kind: "fatal", error: new ModelRequestError(`model server rejected the request (HTTP ${status}): ${text}`, fields(error)) };
}

export function classifyFailure(error: unknown, nowMs: number): Classified {
  if (error instanceof ModelError) return { kind: "fatal", error };
  if (error instanceof APIUserAbortError) return { kind: "fatal", error: new ModelAbortedError("model call aborted", { cause: error }) };
  if (error instanceof APIConnectionTimeoutError) return { kind: "retry", reason: "timeout", message: error.message };
  if (error instanceof APIConnectionError) return { kind: "retry", reason: "connection", message: connectionMessage(error) };
  if (error instanceof APIError && error.status !== undefined) return classifyStatus(error, error.status, nowMs);
  throw error;
}

/** The SDK's "Connection error." with its cause (ECONNREFUSED, ENOTFOUND...). */
export function connectionMessage(error: APIConnectionError): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
