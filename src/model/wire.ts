/**
 * Our messages and tools -> the OpenAI chat-completions wire format. The client sends exactly this,
 * and the token counter renders exactly this, so both see the same conversation.
 */
import type { ChatMessage, ToolSchema } from "./types.ts";

export type WireToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };

export type WireMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string; tool_calls?: WireToolCall[]; reasoning_content?: string }
  | { role: "tool"; content: string; tool_call_id: string };

export type WireOptions = {
  /** Send an assistant turn's reasoning back to the server (vLLM then renders it in <think>). Default false, like SWE-agent. */
  includeReasoning?: boolean;
};

function assistantToWire(message: Extract<ChatMessage, { role: "assistant" }>, options: WireOptions): WireMessage {
  const calls = message.tool_calls ?? [];
  return {
    role: "assistant",
    content: message.content,
    ...(calls.length === 0
      ? {}
      : { tool_calls: calls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: c.arguments } })) }),
    ...(options.includeReasoning === true && message.reasoning !== undefined ? { reasoning_content: message.reasoning } : {}),
  };
}

export function toWireMessages(messages: readonly ChatMessage[], options: WireOptions = {}): WireMessage[] {
  return messages.map((message): WireMessage => {
    switch (message.role) {
      case "assistant":
        return assistantToWire(message, options);
      case "tool":
        return { role: "tool", content: message.content, tool_call_id: message.tool_call_id };
      default:
        return { role: message.role, content: message.content };
    }
  });
}

/** Key order type, function{name, description, parameters}: the order vLLM's request model dumps them in. */
export function toWireTools(tools: readonly ToolSchema[]): ToolSchema[] {
  return tools.map((tool) => ({
    type: "function",
    function: { name: tool.function.name, description: tool.function.description, parameters: tool.function.parameters },
  }));
}
