/** Settings of the OpenAI-compatible client, with defaults and up-front checks. */
import type { BackoffPolicy } from "./backoff.ts";
import { SeraBenchError } from "../util/errors.ts";

export type OpenAIModelConfig = {
  /** e.g. http://127.0.0.1:8000/v1 */
  baseUrl: string;
  /** Falls back to OPENAI_API_KEY, then to "EMPTY" (vLLM without --api-key accepts anything). */
  apiKey?: string;
  model: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
  /** Merged into the request body last (vLLM extras: top_k, chat_template_kwargs, ...). */
  extraBody?: Record<string, unknown>;
  /** Per-attempt request timeout. */
  timeoutMs: number;
  /** Total HTTP attempts per complete() call, including the first. */
  maxAttempts: number;
  backoff: BackoffPolicy;
  /**
   * Why the pre-flight GET /models could not connect, when it could not: until the server answers
   * once, a connection failure ends the call at once (ModelUnreachableError) instead of retrying.
   */
  unreachableAtStart?: string;
  /** Send assistant reasoning back in later requests (default false). */
  sendReasoning?: boolean;
};

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 2_000, maxDelayMs: 60_000, maxRetryAfterMs: 300_000 };

export const DEFAULT_MODEL_CONFIG = {
  timeoutMs: 600_000,
  maxAttempts: 8,
  backoff: DEFAULT_BACKOFF,
} as const satisfies Partial<OpenAIModelConfig>;

function check(ok: boolean, what: string, got: unknown): void {
  if (!ok) throw new SeraBenchError(`model config: expected ${what}, got ${JSON.stringify(got)}`);
}

export function validateModelConfig(config: OpenAIModelConfig): void {
  check(URL.canParse(config.baseUrl), "baseUrl to be an absolute URL (e.g. http://127.0.0.1:8000/v1)", config.baseUrl);
  check(config.model.trim() !== "", "a non-empty model id", config.model);
  check(Number.isInteger(config.maxAttempts) && config.maxAttempts >= 1, "maxAttempts to be a whole number >= 1", config.maxAttempts);
  check(config.timeoutMs > 0, "timeoutMs > 0", config.timeoutMs);
  if (config.temperature !== undefined) check(config.temperature >= 0, "temperature >= 0", config.temperature);
  if (config.topP !== undefined) check(config.topP > 0 && config.topP <= 1, "top_p in (0, 1]", config.topP);
  if (config.maxTokens !== undefined) check(Number.isInteger(config.maxTokens) && config.maxTokens >= 1, "max_tokens to be a whole number >= 1", config.maxTokens);
  if (config.seed !== undefined) check(Number.isInteger(config.seed), "seed to be an integer", config.seed);
  const b = config.backoff;
  check(b.baseDelayMs >= 0 && b.maxDelayMs >= b.baseDelayMs && b.maxRetryAfterMs >= 0, "backoff with 0 <= baseDelayMs <= maxDelayMs and maxRetryAfterMs >= 0", b);
}
