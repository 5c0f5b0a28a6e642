/** The script player: picks the step for one chat-completion request and turns it into a Reply. */
import { errorBody, replyFor } from "./reply.ts";
import type { Reply } from "./reply.ts";
import type { ChatRequest, ScriptSource } from "./sources.ts";
import { PrefixCache } from "./prefix-cache.ts";

export type PlayedStep = { key: string; index: number; type: string };

export class ScriptPlayer {
  readonly #source: ScriptSource;
  readonly #cursors = new Map<string, number>();
  readonly #model: string;
  readonly #cache = new PrefixCache();

  constructor(source: ScriptSource, model: string) {
    this.#source = source;
    this.#model = model;
  }

  play(request: ChatRequest, requestNumber: number): { reply: Reply; played?: PlayedStep } {
    if (request.stream === true) {
      return { reply: badRequest("scripted server: stream=true is not supported; send stream=false") };
    }
    if (!Array.isArray(request.messages) || request.messages.length === 0) {
      return { reply: badRequest("scripted server: 'messages' must be a non-empty array") };
    }
    const selection = this.#source(request);
    if (selection === undefined) {
      return { reply: badRequest("scripted server: no script matches this conversation (nothing to match in its first user message)") };
    }
    const index = selection.position ?? this.#nextCursor(selection.key);
    const step = selection.steps[index];
    const ctx = {
      model: typeof request.model === "string" ? request.model : this.#model, requestNumber,
      promptTokensEstimate: estimateTokens(request), cachedTokensEstimate: this.#cache.lookup(request.messages),
    };
    if (step === undefined) {
      const content = `scripted server: the script "${selection.key}" has no step ${index + 1} (it has ${selection.steps.length})`;
      return { reply: replyFor({ type: "text", content, finishReason: "stop" }, ctx), played: { key: selection.key, index, type: "exhausted" } };
    }
    return { reply: replyFor(step, ctx), played: { key: selection.key, index, type: step.type } };
  }

  #nextCursor(key: string): number {
    const index = this.#cursors.get(key) ?? 0;
    this.#cursors.set(key, index + 1);
    return index;
  }
}

function badRequest(message: string): Reply {
  return { kind: "json", status: 400, headers: {}, body: errorBody(message, "BadRequestError", 400) };
}

/** A rough prompt size for `usage` (4 characters a token); the token counter is the exact route. */
function estimateTokens(request: ChatRequest): number {
  return Math.ceil(JSON.stringify(request.messages ?? []).length / 4);
}
