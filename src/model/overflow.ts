/**
 * Recognise a context-length error in a server's 400 message and read its token counts. Pure.
 * vLLM's wordings (several versions):
 *   "This model's maximum context length is 32768 tokens. However, you requested 33010 tokens
 *    (29010 in the messages, 4000 in the completion). Please reduce ..."
 *   "This model's maximum context length is 32768 tokens. However, your request has 40000 input tokens. ..."
 *   "'max_tokens' or 'max_completion_tokens' is too large: 4096. This model's maximum context length
 *    is 32768 tokens and your request has 30000 input tokens (4096 > 32768 - 30000)."
 * OpenAI's code: "context_length_exceeded".
 */
import type { OverflowCounts } from "./errors.ts";

const OVERFLOW_MARKERS = [
  /maximum context length/i,
  /context_length_exceeded/i,
  /context length (?:is |was )?exceeded/i,
  /exceeds? (?:the )?(?:model's )?(?:maximum )?context (?:length|window)/i,
  /prompt is too long/i,
] as const;

export function isContextOverflowMessage(text: string): boolean {
  return OVERFLOW_MARKERS.some((marker) => marker.test(text));
}

function firstNumber(text: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function parseOverflowCounts(text: string): OverflowCounts {
  const counts: OverflowCounts = {};
  const assign = (key: keyof OverflowCounts, value: number | undefined) => {
    if (value !== undefined && Number.isFinite(value)) counts[key] = value;
  };
  assign("maxContextTokens", firstNumber(text, /maximum context length is (\d+)/i));
  assign("requestedTokens", firstNumber(text, /you requested (\d+) tokens/i));
  assign("promptTokens", firstNumber(text, /(\d+) (?:tokens )?in the messages/i) ?? firstNumber(text, /(?:has|contains) (\d+) input tokens/i));
  assign("completionTokens", firstNumber(text, /(\d+) in the completion/i) ?? firstNumber(text, /max_completion_tokens' is too large: (\d+)/i));
  return counts;
}
