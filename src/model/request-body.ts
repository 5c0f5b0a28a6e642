import type { OpenAIModelConfig } from "./config.ts";
import type { ChatMessage, ToolSchema } from "./types.ts";
import { toWireMessages, toWireTools } from "./wire.ts";

export type RequestSettings = Pick<OpenAIModelConfig, "model" | "temperature" | "topP" | "maxTokens" | "seed" | "extraBody" | "sendReasoning">;

/** The chat-completions request body exactly as sent (sampling as set, extra body merged last). Pure. */
export function chatRequestBody(settings: RequestSettings, messages: readonly ChatMessage[], tools: readonly ToolSchema[]): Record<string, unknown> {
  const c = settings;
  return {
    model: c.model,
    messages: toWireMessages(messages, { includeReasoning: c.sendReasoning === true }),
    ...(tools.length === 0 ? {} : { tools: toWireTools(tools) }),
    ...(c.temperature === undefined ? {} : { temperature: c.temperature }),
    ...(c.topP === undefined ? {} : { top_p: c.topP }),
    ...(c.maxTokens === undefined ? {} : { max_tokens: c.maxTokens }),
    ...(c.seed === undefined ? {} : { seed: c.seed }),
    ...c.extraBody,
    stream: false,
  };
}
