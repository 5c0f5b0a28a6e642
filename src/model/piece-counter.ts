/**
 * The exact prompt count of a conversation at a cost that does not grow with it: the head (system
 * turn + tools), every message's piece (qwen3-pieces.ts) and the generation prompt are tokenized
 * once and their counts kept; a step renders and tokenizes only the pieces it has not seen in that
 * shape. Counts are kept per message object (messages are never changed once sent; the content is
 * compared too) in a WeakMap, so one counter serves many rollouts and forgets a conversation with it.
 * Before use the pieces are checked against the full template on probe conversations; if the
 * template renders differently (another template, kwargs that change it) every count is a full one.
 */
import type { TemplateOptions } from "./chat-template.ts";
import { templateMessages } from "./chat-template.ts";
import { lastQueryIndex, pieceShape, renderPiece } from "./qwen3-pieces.ts";
import type { PieceShape } from "./qwen3-pieces.ts";
import { PROBE_CONVERSATIONS, PROBE_TOOLS } from "./piece-probes.ts";
import type { Qwen3Assets } from "./qwen3.ts";
import type { ChatMessage, ToolSchema } from "./types.ts";
import { SeraBenchError } from "../util/errors.ts";

type PieceCounts = { content: string; byShape: Map<PieceShape, number> };

const PROBE_USER: ChatMessage = { role: "user", content: "?" };

export class PieceCounter {
  readonly #qwen: Qwen3Assets;
  readonly #options: TemplateOptions;
  readonly #pieces = new WeakMap<ChatMessage, PieceCounts>();
  /** tools array -> head text key (the first system message's content, or "" without one) -> tokens. */
  readonly #heads = new WeakMap<readonly ToolSchema[], Map<string, number>>();
  readonly #generationPrompt: string;
  readonly #generationTokens: number;
  /** False when the pieces do not add up to the template's text on the probes: then every count is a full one. */
  readonly piecewise: boolean;

  constructor(qwen: Qwen3Assets, options: TemplateOptions) {
    this.#qwen = qwen;
    this.#options = options;
    const prompt = this.#generationPromptText();
    this.#generationPrompt = prompt ?? "";
    this.#generationTokens = qwen.count(this.#generationPrompt);
    this.piecewise = prompt !== undefined && this.#agreesOnProbes();
  }

  #agreesOnProbes(): boolean {
    try {
      return PROBE_CONVERSATIONS.every((messages) => [PROBE_TOOLS, []].every((tools) => this.render(messages, tools) === this.#full(messages, tools)));
    } catch {
      return false;
    }
  }

  count(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): number {
    if (!this.piecewise || messages.length === 0) return this.#qwen.count(this.#full(messages, tools));
    let total = this.#headTokens(messages[0]!, tools) + this.#generationTokens;
    const lastQuery = lastQueryIndex(messages);
    for (let i = messages[0]!.role === "system" ? 1 : 0; i < messages.length; i++) total += this.#pieceTokens(messages, i, lastQuery);
    return total;
  }

  /** The prompt text as pieces put together (equal to the template's text when `piecewise`). */
  render(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): string {
    if (messages.length === 0) return this.#full(messages, tools);
    const lastQuery = lastQueryIndex(messages);
    const pieces = [this.#headText(messages[0]!, tools)];
    for (let i = messages[0]!.role === "system" ? 1 : 0; i < messages.length; i++) pieces.push(this.#pieceText(messages[i]!, pieceShape(messages, i, lastQuery)));
    return [...pieces, this.#generationPrompt].join("");
  }

  #full(messages: readonly ChatMessage[], tools: readonly ToolSchema[], generationPrompt = true): string {
    return this.#qwen.template.render(messages, tools, this.#options, generationPrompt);
  }

  #pieceText(message: ChatMessage, shape: PieceShape): string {
    return renderPiece(templateMessages([message], this.#options)[0]!, shape);
  }

  #pieceTokens(messages: readonly ChatMessage[], i: number, lastQuery: number): number {
    const message = messages[i]!;
    const shape = pieceShape(messages, i, lastQuery);
    let counts = this.#pieces.get(message);
    if (counts === undefined || counts.content !== message.content) {
      counts = { content: message.content, byShape: new Map() };
      this.#pieces.set(message, counts);
    }
    let tokens = counts.byShape.get(shape);
    if (tokens === undefined) {
      tokens = this.#qwen.count(this.#pieceText(message, shape));
      counts.byShape.set(shape, tokens);
    }
    return tokens;
  }

  #headTokens(first: ChatMessage, tools: readonly ToolSchema[]): number {
    let heads = this.#heads.get(tools);
    if (heads === undefined) this.#heads.set(tools, (heads = new Map()));
    const key = first.role === "system" ? first.content : "";
    let tokens = heads.get(key);
    if (tokens === undefined) {
      tokens = this.#qwen.count(this.#headText(first, tools));
      heads.set(key, tokens);
    }
    return tokens;
  }

  /** The system turn (with the tools block): the first system message rendered alone, or the tools block before a user message. */
  #headText(first: ChatMessage, tools: readonly ToolSchema[]): string {
    if (first.role === "system") return this.#full([first], tools, false);
    const withUser = this.#full([PROBE_USER], tools, false);
    const user = this.#pieceText(PROBE_USER, "plain");
    if (!withUser.endsWith(user)) throw new SeraBenchError("chat template: a user turn does not render as its piece");
    return withUser.slice(0, withUser.length - user.length);
  }

  /** undefined when the template does not simply append it (the probes then fail). */
  #generationPromptText(): string | undefined {
    try {
      const without = this.#full([PROBE_USER], [], false);
      const withPrompt = this.#full([PROBE_USER], []);
      return withPrompt.startsWith(without) ? withPrompt.slice(without.length) : undefined;
    } catch {
      return undefined;
    }
  }
}
