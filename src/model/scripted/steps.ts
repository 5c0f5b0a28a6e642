/**
 * What a scripted server can answer, one step per chat-completion request. This is also the JSON
 * file format (harness/agents/scripted/README.md), so it is checked with zod.
 */
import { z } from "zod";

export const scriptedCallSchema = z.object({
  name: z.string().min(1),
  /** An object (sent as JSON) or a raw string (sent verbatim, so broken JSON can be scripted). */
  arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).default({}),
});

/** Default: estimates (4 characters a token; cached: the prefix shared with a recent request). */
const usageFields = {
  promptTokens: z.number().int().nonnegative().optional(),
  completionTokens: z.number().int().nonnegative().optional(),
  cachedTokens: z.number().int().nonnegative().optional(),
};

export const stepSchema = z.discriminatedUnion("type", [
  /** Native OpenAI tool_calls (what vLLM --tool-call-parser hermes returns). */
  z.object({ type: z.literal("tool_calls"), calls: z.array(scriptedCallSchema).min(1), content: z.string().default(""), reasoning: z.string().optional(), ...usageFields }),
  /** The calls written as Hermes <tool_call> blocks in the text, no native tool_calls (server without a parser). */
  z.object({ type: z.literal("hermes"), calls: z.array(scriptedCallSchema).min(1), content: z.string().default(""), ...usageFields }),
  z.object({ type: z.literal("text"), content: z.string(), finishReason: z.string().default("stop"), reasoning: z.string().optional(), ...usageFields }),
  z.object({
    type: z.literal("http_error"),
    status: z.number().int().min(400).max(599),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).default({}),
  }),
  /** Say nothing for `ms`, then answer 504 (a client with a shorter timeout gives up first). */
  z.object({ type: z.literal("hang"), ms: z.number().int().nonnegative() }),
  /** vLLM's 400 for a prompt that does not fit. */
  z.object({ type: z.literal("context_overflow"), maxContextTokens: z.number().int().positive().default(32768), promptTokens: z.number().int().positive().optional() }),
  /** A Hermes tool call cut off by max_tokens: vLLM's parser fails, so the text comes back as content with finish_reason "length". */
  z.object({ type: z.literal("truncated_tool_call"), name: z.string().min(1), partialArguments: z.string(), ...usageFields }),
]);

export type ScriptedCall = z.infer<typeof scriptedCallSchema>;
export type Step = z.infer<typeof stepSchema>;
export type StepInput = z.input<typeof stepSchema>;

export const stepsSchema = z.array(stepSchema);

/** Parses steps written in code or JSON, applying the defaults. */
export function steps(input: readonly StepInput[]): Step[] {
  return stepsSchema.parse(input);
}
