/** A script step -> the HTTP answer a vLLM server would give. Pure (ids come from the caller). */
import type { ScriptedCall, Step } from "./steps.ts";
import { optional } from "../../util/optional.ts";

export type Reply =
  | { kind: "json"; status: number; headers: Record<string, string>; body: unknown }
  | { kind: "hang"; ms: number };

/** cachedTokensEstimate: the prompt's prefix shared with a recent request (prefix-cache.ts). */
export type ReplyContext = { model: string; requestNumber: number; promptTokensEstimate: number; cachedTokensEstimate?: number };

export function argumentsText(call: ScriptedCall): string {
  return typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
}

/** Qwen3's Hermes rendering of one call. */
export function hermesBlock(call: ScriptedCall): string {
  return `<tool_call>\n{"name": ${JSON.stringify(call.name)}, "arguments": ${argumentsText(call)}}\n</tool_call>`;
}

type Message = { content: string | null; toolCalls?: ScriptedCall[]; reasoning?: string | undefined };
type Usage = { promptTokens?: number | undefined; completionTokens?: number | undefined; cachedTokens?: number | undefined };

function completion(ctx: ReplyContext, message: Message, finishReason: string, usage: Usage): Reply {
  const id = `chatcmpl-scripted-${ctx.requestNumber}`;
  const toolCalls = message.toolCalls?.map((call, i) => ({
    id: `chatcmpl-tool-scripted-${ctx.requestNumber}-${i}`,
    type: "function",
    function: { name: call.name, arguments: argumentsText(call) },
  }));
  const completionTokens = usage.completionTokens ?? Math.ceil(JSON.stringify(message).length / 4);
  const promptTokens = usage.promptTokens ?? ctx.promptTokensEstimate;
  const cachedTokens = Math.min(promptTokens, usage.cachedTokens ?? ctx.cachedTokensEstimate ?? 0);
  const body = {
    id, object: "chat.completion", created: Math.floor(Date.now() / 1000), model: ctx.model,
    choices: [{
      index: 0,
      message: { role: "assistant", content: message.content, tool_calls: toolCalls ?? [], ...optional("reasoning_content", message.reasoning) },
      finish_reason: finishReason,
    }],
    usage: {
      prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: cachedTokens },
    },
  };
  return { kind: "json", status: 200, headers: { "x-request-id": id }, body };
}

/** vLLM's error body (the shape older versions send). */
export function errorBody(message: string, type: string, code: number) {
  return { object: "error", message, type, param: null, code };
}

function overflowMessage(maxContext: number, promptTokens: number): string {
  return `This model's maximum context length is ${maxContext} tokens. However, your request has ${promptTokens} input tokens. Please reduce the length of the input messages.`;
}

export function replyFor(step: Step, ctx: ReplyContext): Reply {
  switch (step.type) {
    case "tool_calls":
      return completion(ctx, { content: step.content === "" ? null : step.content, toolCalls: step.calls, reasoning: step.reasoning }, "tool_calls", step);
    case "hermes": {
      const text = [step.content, ...step.calls.map(hermesBlock)].filter((part) => part !== "").join("\n");
      return completion(ctx, { content: text }, "stop", step);
    }
    case "text":
      return completion(ctx, { content: step.content, reasoning: step.reasoning }, step.finishReason, step);
    case "truncated_tool_call":
      return completion(ctx, { content: `<tool_call>\n{"name": ${JSON.stringify(step.name)}, "arguments": ${step.partialArguments}` }, "length", step);
    case "http_error": {
      const body = step.body ?? errorBody(`scripted HTTP ${step.status}`, "ScriptedError", step.status);
      return { kind: "json", status: step.status, headers: step.headers, body };
    }
    case "hang":
      return { kind: "hang", ms: step.ms };
    case "context_overflow": {
      const message = overflowMessage(step.maxContextTokens, step.promptTokens ?? Math.max(step.maxContextTokens + 1, ctx.promptTokensEstimate));
      return { kind: "json", status: 400, headers: {}, body: errorBody(message, "BadRequestError", 400) };
    }
  }
}
