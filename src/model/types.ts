/**
 * The model side of the agent: what the loop sends (ChatMessage, ToolSchema) and what it gets back
 * (ModelCall). The agent loop depends only on the `Model` interface.
 */

export type ToolCall = {
  id: string;
  name: string;
  /** JSON text exactly as the model produced it; the loop parses it (it may be broken JSON). */
  arguments: string;
};

export type SystemMessage = { role: "system"; content: string };
export type UserMessage = { role: "user"; content: string };
export type AssistantMessage = {
  role: "assistant";
  content: string;
  tool_calls?: ToolCall[];
  reasoning?: string;
};
export type ToolMessage = { role: "tool"; content: string; tool_call_id: string };
export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** An OpenAI function tool. */
export type ToolSchema = {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
};

/** A tool call the model tried to make but that could not be read (cut off, broken JSON, no name). */
export type MalformedToolCall = { raw: string; reason: string };

/**
 * The server's `usage` for one call. `cachedPromptTokens`: `prompt_tokens_details.cached_tokens`
 * (prompt tokens served from the prefix cache), absent when the server does not send it.
 * `reported: false`: the server sent no usage at all (the counts are 0 then; the caller counts).
 */
export type ModelUsage = { promptTokens: number; completionTokens: number; cachedPromptTokens?: number; reported?: boolean };

export type ModelCall = {
  content: string;
  toolCalls: ToolCall[];
  /** Tool calls present in the text that could not be parsed: the loop turns these into a format error. */
  malformedToolCalls: MalformedToolCall[];
  /** "text": the calls were read from `<tool_call>` blocks in the content (the server parsed none). */
  toolCallFormat?: "native" | "text";
  reasoning?: string;
  /** "stop" | "tool_calls" | "length" | ... as the server said; "length" = cut off at max_tokens. */
  finishReason: string;
  usage: ModelUsage;
  /** Duration of the attempt that succeeded. */
  latencyMs: number;
  /** Whole call, including failed attempts and retry waits. */
  totalMs: number;
  /** How many HTTP attempts this call took (1 = no retry). */
  attempts: number;
  requestId?: string;
  raw?: unknown;
};

export type RetryReason = "rate_limit" | "server_error" | "timeout" | "connection";

/** Emitted before each retry sleep, so retries can be recorded in the trajectory. */
export type RetryEvent = {
  /** The attempt that failed (1-based). */
  attempt: number;
  maxAttempts: number;
  reason: RetryReason;
  delayMs: number;
  status?: number;
  message: string;
  requestId?: string;
};

export type CompleteOptions = {
  signal?: AbortSignal;
  onRetry?: (event: RetryEvent) => void;
};

export interface Model {
  complete(messages: readonly ChatMessage[], tools: readonly ToolSchema[], options?: CompleteOptions): Promise<ModelCall>;
  /** A one-line description safe to log (the API key is redacted). */
  describe(): string;
  /**
   * Before a rollout starts its container: throws ModelUnreachableError at once when the server has
   * never answered (the pre-flight could not reach it) and still cannot be connected to.
   */
  ensureReachable?(signal?: AbortSignal): Promise<void>;
}

/** Counts the prompt tokens of a request, as the server's chat template renders it. */
export interface TokenCounter {
  count(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): Promise<number>;
  /** A counter for one conversation that grows request by request (one rollout). */
  conversation(): ConversationCounter;
}

/**
 * Counts the requests of one conversation. After each answer it is told the server's own
 * `usage.prompt_tokens` for the request: the next count can start from there.
 */
export interface ConversationCounter {
  count(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): Promise<number>;
  /** The server answered the request `messages` and reported `promptTokens` (0 = not reported). */
  answered(messages: readonly ChatMessage[], tools: readonly ToolSchema[], promptTokens: number): void;
}
