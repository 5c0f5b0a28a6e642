/**
 * The production Model: any OpenAI-compatible chat-completions server (vLLM first). The SDK runs
 * with maxRetries: 0; retries, their delays and their events are ours, so the trajectory shows them.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import type { ChatCompletion } from "openai/resources/chat/completions";
import { retryDelayMs } from "./backoff.ts";
import { classifyFailure, connectionMessage } from "./classify.ts";
import { validateModelConfig } from "./config.ts";
import type { OpenAIModelConfig } from "./config.ts";
import { errorBodyNormalizingFetch } from "./error-body.ts";
import { nodeHttpFetch } from "./http-fetch.ts";
import { ModelAbortedError, ModelUnavailableError, ModelUnreachableError } from "./errors.ts";
import { newToolCallId } from "./hermes.ts";
import { parseCompletion } from "./response.ts";
import { abortableSleep } from "./sleep.ts";
import type { ChatMessage, CompleteOptions, Model, ModelCall, RetryEvent, ToolSchema } from "./types.ts";
import { chatRequestBody } from "./request-body.ts";
import { RequestEncoder } from "./request-encoder.ts";
import { optional } from "../util/optional.ts";
import { registerSecret, registerUrlCredentials } from "../util/secrets.ts";

export type OpenAIModelDeps = {
  fetch?: typeof globalThis.fetch;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called for every retry of every call (in addition to CompleteOptions.onRetry). */
  onRetry?: (event: RetryEvent) => void;
};

export class OpenAIModel implements Model {
  readonly config: Readonly<Omit<OpenAIModelConfig, "apiKey">>;
  readonly #client: OpenAI;
  readonly #encoder: RequestEncoder;
  readonly #deps: Required<Omit<OpenAIModelDeps, "onRetry" | "fetch">> & Pick<OpenAIModelDeps, "onRetry">;
  /** The server has answered (any HTTP status), here or at the pre-flight: connection failures are retried. */
  #seen: boolean;

  constructor(config: OpenAIModelConfig, deps: OpenAIModelDeps = {}) {
    validateModelConfig(config);
    const { apiKey, ...rest } = config;
    this.config = rest;
    const key = apiKey ?? process.env.OPENAI_API_KEY ?? "EMPTY";
    // Kept out of everything written under results/ (an error body may echo them).
    registerSecret(key);
    registerUrlCredentials(config.baseUrl);
    this.#client = new OpenAI({
      baseURL: config.baseUrl,
      apiKey: key,
      maxRetries: 0,
      timeout: config.timeoutMs,
      fetch: errorBodyNormalizingFetch(deps.fetch ?? nodeHttpFetch),
      logLevel: "off",
    });
    this.#encoder = new RequestEncoder(rest);
    this.#seen = config.unreachableAtStart === undefined;
    this.#deps = {
      random: deps.random ?? Math.random,
      now: deps.now ?? Date.now,
      sleep: deps.sleep ?? abortableSleep,
      ...optional("onRetry", deps.onRetry),
    };
  }

  describe(): string {
    const c = this.config;
    const sampling = [`temperature=${c.temperature ?? "server default"}`, `top_p=${c.topP ?? "server default"}`, `max_tokens=${c.maxTokens ?? "server default"}`, `seed=${c.seed ?? "none"}`];
    return `openai-compatible model "${c.model}" at ${c.baseUrl} (api key: [redacted]; ${sampling.join(", ")}; timeout ${c.timeoutMs} ms, ${c.maxAttempts} attempts)`;
  }

  /** The request body exactly as sent (extra body merged last). */
  requestBody(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): Record<string, unknown> {
    return chatRequestBody(this.config, messages, tools);
  }

  async complete(messages: readonly ChatMessage[], tools: readonly ToolSchema[], options: CompleteOptions = {}): Promise<ModelCall> {
    // requestBody()'s JSON, its messages serialized once each (request-encoder.ts).
    const body = this.#encoder.encode(messages, tools);
    const startedAt = this.#deps.now();
    for (let attempt = 1; ; attempt++) {
      const attemptStart = this.#deps.now();
      try {
        const signalOption = optional("signal", options.signal);
        const { data, request_id } = await this.#client
          .post<ChatCompletion>("/chat/completions", {
            body, headers: { "content-type": "application/json" }, stream: false, timeout: this.config.timeoutMs, maxRetries: 0, ...signalOption,
          })
          .withResponse();
        this.#seen = true;
        const parsed = parseCompletion(data, newToolCallId);
        const end = this.#deps.now();
        return { ...parsed, latencyMs: end - attemptStart, totalMs: end - startedAt, attempts: attempt, ...(request_id ? { requestId: request_id } : {}), raw: data };
      } catch (error) {
        await this.#afterFailure(error, attempt, options);
      }
    }
  }

  /** A server never seen: one request (GET /models) tells whether it can be connected to now. */
  async ensureReachable(signal?: AbortSignal): Promise<void> {
    if (this.#seen) return;
    try {
      await this.#client.get("/models", { timeout: this.config.timeoutMs, maxRetries: 0, ...optional("signal", signal) });
      this.#seen = true;
    } catch (error) {
      if (error instanceof APIError && error.status !== undefined) this.#seen = true;
      else if (error instanceof APIConnectionError && !(error instanceof APIConnectionTimeoutError)) {
        throw this.#unreachable("a new try when the first rollout started", connectionMessage(error), error);
      }
      if (signal?.aborted === true) throw new ModelAbortedError("model call aborted", { cause: error });
      // A time-out says nothing for sure: the model calls decide.
    }
  }

  #unreachable(what: string, detail: string, cause: unknown): ModelUnreachableError {
    return new ModelUnreachableError(
      `the model server at ${this.config.baseUrl} cannot be reached: the pre-flight check failed (${this.config.unreachableAtStart ?? ""}) and so did ${what} (${detail}); ` +
        "start the server or fix --base-url, then re-run the same command (a server that answered once is retried with back-off)",
      { cause },
    );
  }

  /** Throws the typed error that ends the call, or reports the retry and waits before it. */
  async #afterFailure(error: unknown, attempt: number, options: CompleteOptions): Promise<void> {
    if (error instanceof APIError && error.status !== undefined) this.#seen = true;
    const failure = classifyFailure(error, this.#deps.now());
    if (failure.kind === "fatal") throw failure.error;
    if (options.signal?.aborted) throw new ModelAbortedError("model call aborted", { cause: error });
    if (!this.#seen && failure.reason === "connection") throw this.#unreachable(`the first model call, attempt ${attempt}`, failure.message, error);
    const maxAttempts = this.config.maxAttempts;
    const fields = { ...optional("status", failure.status), ...optional("requestId", failure.requestId), cause: error };
    if (attempt >= maxAttempts) {
      throw new ModelUnavailableError(`model unavailable after ${attempt} attempt(s); last failure (${failure.reason}): ${failure.message}`, attempt, fields);
    }
    const delayMs = retryDelayMs(attempt, this.config.backoff, failure.hintMs, this.#deps.random);
    const event: RetryEvent = {
      attempt, maxAttempts, reason: failure.reason, delayMs, message: failure.message,
      ...optional("status", failure.status),
      ...optional("requestId", failure.requestId),
    };
    this.#deps.onRetry?.(event);
    options.onRetry?.(event);
    await this.#deps.sleep(delayMs, options.signal);
  }
}
