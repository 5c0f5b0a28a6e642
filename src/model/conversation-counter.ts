/**
 * One conversation's counts, based on what the server reported. After an answer the server has told
 * us the prompt tokens of the request (usage.prompt_tokens); the next request is that request plus
 * the reply and the new messages, so its count is the reported count plus the local difference
 * between the two requests (piece-wise, so only the new pieces are tokenized): the reply as the
 * template renders it, the new tool/user messages and the generation prompt, minus what changed or
 * went away (the old generation prompt, a turn rendered differently now). Nothing is sent to the
 * server for it. Without a reported count (first request, a server that gives no usage, other
 * tools) the request is counted in full by the counter the conversation came from.
 */
import type { ChatMessage, ConversationCounter, TokenCounter, ToolSchema } from "./types.ts";

type Base = { messages: readonly ChatMessage[]; tools: readonly ToolSchema[]; promptTokens: number; localTokens?: number };

type Count = Pick<TokenCounter, "count">;

export class UsageBasedConversation implements ConversationCounter {
  readonly #full: Count;
  readonly #local: Count;
  #base: Base | undefined;

  /** `full`: counts a whole request; `local`: the exact piece-wise local counter for the differences. */
  constructor(full: Count, local: Count) {
    this.#full = full;
    this.#local = local;
  }

  async count(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): Promise<number> {
    const base = this.#base;
    if (base === undefined || base.tools !== tools) return this.#full.count(messages, tools);
    base.localTokens ??= await this.#local.count(base.messages, tools);
    return base.promptTokens + (await this.#local.count(messages, tools)) - base.localTokens;
  }

  answered(messages: readonly ChatMessage[], tools: readonly ToolSchema[], promptTokens: number): void {
    this.#base = promptTokens > 0 ? { messages: [...messages], tools, promptTokens } : undefined;
  }
}

/** A conversation counted in full at every request by `counter` (ignores what the server reports). */
export function fullCountConversation(counter: Count): ConversationCounter {
  return { count: (messages, tools) => counter.count(messages, tools), answered: () => undefined };
}
