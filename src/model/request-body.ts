import type { OpenAIModelConfig } from "./config.ts";
import type { ChatMessage, ToolSchema } from "./types.ts";
import { toWireMessages, toWireTools } from "./wire.ts";
import { optional } from "../util/optional.ts";

export type RequestSettings = Pick<OpenAIModelConfig, "model" | "temperature" | "topP" | "maxTokens" | "seed" | "extraBody" | "sendReasoning">;

/** The chat-completions request body exactly as sent (sampling as set, extra body merged last). Pure. */
export function chatRequestBody(settings: RequestSettings, messages: readonly ChatMessage[], tools: readonly ToolSchema[]): Record<string, unknown> {
  const c = settings;
  return {
    model: c.model,
    messages: toWireMessages(messages, { includeReasoning: c.sendReasoning === true }),
    ...(tools.length === 0 ? {} : { tools: toWireTools(tools) }),
    ...optional("temperature", c.temperature),
    ...optional("top_p", c.topP),
    ...optional("max_tokens", c.maxTokens),
    ...optional("seed", c.seed),
    ...c.extraBody,
    stream: false,
  };
}
