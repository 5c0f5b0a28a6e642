/**
 * A chat-completion response body -> the parts of a ModelCall. The body is an edge: it is checked
 * with zod once here; vLLM's extra fields (reasoning_content / reasoning) are kept.
 */
import { z } from "zod";
import { ModelResponseError } from "./errors.ts";
import { hasHermesBlock, parseHermesToolCalls } from "./hermes.ts";
import type { MalformedToolCall, ModelCall, ToolCall } from "./types.ts";
import { optional } from "../util/optional.ts";

const nativeToolCallSchema = z.object({
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }),
});

const completionSchema = z.object({
  id: z.string().nullish(),
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z.array(nativeToolCallSchema).nullish(),
          reasoning_content: z.string().nullish(),
          reasoning: z.string().nullish(),
        }),
      }),
    )
    .min(1),
  usage: z.object({
    prompt_tokens: z.number(),
    completion_tokens: z.number().nullish(),
    prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  }).nullish(),
});

export type ParsedCompletion = Omit<ModelCall, "latencyMs" | "totalMs" | "attempts" | "requestId" | "raw">;

type NativeToolCall = z.infer<typeof nativeToolCallSchema>;

function isJsonObjectText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Native calls with a name and JSON-object arguments are tool calls; the rest are malformed. */
function splitNative(calls: readonly NativeToolCall[], newId: () => string): { ok: ToolCall[]; bad: MalformedToolCall[] } {
  const ok: ToolCall[] = [];
  const bad: MalformedToolCall[] = [];
  for (const call of calls) {
    const name = call.function.name ?? "";
    const args = call.function.arguments || "{}";
    if (name === "") bad.push({ raw: JSON.stringify(call), reason: "tool call has no function name" });
    else if (!isJsonObjectText(args)) bad.push({ raw: args, reason: `arguments of tool call "${name}" are not a JSON object (cut off?)` });
    else ok.push({ id: call.id || newId(), name, arguments: args });
  }
  return { ok, bad };
}

export function parseCompletion(body: unknown, newId: () => string): ParsedCompletion {
  const checked = completionSchema.safeParse(body);
  if (!checked.success) {
    throw new ModelResponseError(`chat completion response is malformed: ${z.prettifyError(checked.error)}`);
  }
  const choice = checked.data.choices[0]!;
  const message = choice.message;
  const text = message.content ?? "";
  const native = message.tool_calls ?? [];
  const reasoning = message.reasoning_content ?? message.reasoning ?? undefined;
  const sent = checked.data.usage ?? undefined;
  const usage = {
    promptTokens: sent?.prompt_tokens ?? 0,
    completionTokens: sent?.completion_tokens ?? 0,
    ...optional("cachedPromptTokens", sent?.prompt_tokens_details?.cached_tokens ?? undefined),
    reported: sent !== undefined,
  };
  const base = { finishReason: choice.finish_reason ?? "unknown", usage, ...optional("reasoning", reasoning) };
  if (native.length === 0 && hasHermesBlock(text)) {
    const hermes = parseHermesToolCalls(text);
    return { ...base, content: hermes.content, toolCalls: hermes.toolCalls, malformedToolCalls: hermes.malformed, toolCallFormat: "text" };
  }
  const { ok, bad } = splitNative(native, newId);
  return { ...base, content: text, toolCalls: ok, malformedToolCalls: bad };
}
