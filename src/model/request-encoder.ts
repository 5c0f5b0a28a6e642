/**
 * The chat request body as UTF-8 bytes, without serializing the whole conversation at every step:
 * each message's JSON is encoded once and kept (per message object: messages are not changed once
 * sent; the content is compared too), the tools once per tools array; a request puts the kept bytes
 * together. The bytes are exactly those of JSON.stringify(chatRequestBody(...)) — the body as
 * `requestBody()` shows it — test/model-request-bytes.test.ts checks it.
 */
import type { RequestSettings } from "./request-body.ts";
import { chatRequestBody } from "./request-body.ts";
import type { ChatMessage, ToolSchema } from "./types.ts";
import { toWireMessages, toWireTools } from "./wire.ts";

const MESSAGES_MARK = "\u0000sera-bench:messages\u0000";
const TOOLS_MARK = "\u0000sera-bench:tools\u0000";

type Kept = { content: string; includeReasoning: boolean; bytes: Buffer };

export class RequestEncoder {
  readonly #messages = new WeakMap<ChatMessage, Kept>();
  readonly #tools = new WeakMap<readonly ToolSchema[], Buffer>();
  readonly #comma = Buffer.from(",");

  constructor(private readonly settings: RequestSettings) {}

  encode(messages: readonly ChatMessage[], tools: readonly ToolSchema[]): Buffer {
    const extra = this.settings.extraBody ?? {};
    // extraBody that replaces the messages or the tools: no shortcut.
    if ("messages" in extra || "tools" in extra) return Buffer.from(JSON.stringify(chatRequestBody(this.settings, messages, tools)));
    const body = chatRequestBody(this.settings, [], tools);
    const frame = JSON.stringify(body, function (this: unknown, key: string, value: unknown) {
      if (this !== body) return value;
      if (key === "messages") return MESSAGES_MARK;
      return key === "tools" ? TOOLS_MARK : value;
    });
    const [before, after] = frame.split(JSON.stringify(MESSAGES_MARK));
    const parts = [...this.#framed(before!, tools), Buffer.from("[")];
    messages.forEach((message, i) => {
      if (i > 0) parts.push(this.#comma);
      parts.push(this.#message(message));
    });
    parts.push(Buffer.from("]"), ...this.#framed(after!, tools));
    return Buffer.concat(parts);
  }

  /** A piece of the frame, the tools' JSON put in for their mark. */
  #framed(text: string, tools: readonly ToolSchema[]): Buffer[] {
    const pieces = text.split(JSON.stringify(TOOLS_MARK));
    return pieces.flatMap((piece, i) => (i === 0 ? [Buffer.from(piece)] : [this.#toolsBytes(tools), Buffer.from(piece)]));
  }

  #toolsBytes(tools: readonly ToolSchema[]): Buffer {
    let bytes = this.#tools.get(tools);
    if (bytes === undefined) this.#tools.set(tools, (bytes = Buffer.from(JSON.stringify(toWireTools(tools)))));
    return bytes;
  }

  #message(message: ChatMessage): Buffer {
    const includeReasoning = this.settings.sendReasoning === true;
    const kept = this.#messages.get(message);
    if (kept !== undefined && kept.content === message.content && kept.includeReasoning === includeReasoning) return kept.bytes;
    const bytes = Buffer.from(JSON.stringify(toWireMessages([message], { includeReasoning })[0]));
    this.#messages.set(message, { content: message.content, includeReasoning, bytes });
    return bytes;
  }
}
