/** POST /tokenize for the scripted server: count a wire-format request with the local Qwen3 counter. */
import { z } from "zod";
import { LocalTokenCounter } from "../tokens.ts";
import type { ChatMessage, ToolSchema } from "../types.ts";
import type { ChatRequest } from "./sources.ts";

const wireCallSchema = z.object({ id: z.string().default(""), function: z.object({ name: z.string(), arguments: z.string().default("") }) });
const wireMessageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.enum(["system", "user"]), content: z.string().nullish() }),
  z.object({ role: z.literal("assistant"), content: z.string().nullish(), tool_calls: z.array(wireCallSchema).nullish(), reasoning_content: z.string().nullish() }),
  z.object({ role: z.literal("tool"), content: z.string().nullish(), tool_call_id: z.string() }),
]);
const tokenizeRequestSchema = z.object({
  messages: z.array(wireMessageSchema),
  tools: z.array(z.object({ type: z.literal("function"), function: z.object({ name: z.string(), description: z.string().default(""), parameters: z.record(z.string(), z.unknown()).default({}) }) })).nullish(),
  chat_template_kwargs: z.record(z.string(), z.unknown()).nullish(),
});

function toChatMessage(message: z.infer<typeof wireMessageSchema>): ChatMessage {
  const content = message.content ?? "";
  switch (message.role) {
    case "assistant": {
      const calls = (message.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }));
      return { role: "assistant", content, ...(calls.length === 0 ? {} : { tool_calls: calls }), ...(message.reasoning_content ? { reasoning: message.reasoning_content } : {}) };
    }
    case "tool":
      return { role: "tool", content, tool_call_id: message.tool_call_id };
    default:
      return { role: message.role, content };
  }
}

/** Counts a /tokenize request body (OpenAI wire messages + tools) as the Qwen3 template renders it. */
export async function countWireRequest(request: ChatRequest): Promise<number> {
  const parsed = tokenizeRequestSchema.parse(request);
  const tools: ToolSchema[] = parsed.tools ?? [];
  const counter = new LocalTokenCounter({ includeReasoning: true, ...(parsed.chat_template_kwargs ? { templateKwargs: parsed.chat_template_kwargs } : {}) });
  return counter.count(parsed.messages.map(toChatMessage), tools);
}
