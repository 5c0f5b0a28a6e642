/**
 * Token counts of rendered text without building the ids, at a fraction of encode()'s cost: the text
 * goes through the tokenizer's own first stages (added tokens split out, NFC, the pre-tokenizer's
 * split regex) and each resulting word's BPE length is looked up in a cache, so only words not seen
 * before are byte-mapped and merged (by the tokenizer's own BPE). Agent conversations repeat their
 * words (code, paths, listings), so a step's new output costs little more than the regex pass.
 *
 * This relies on the shape of Qwen's tokenizer.json (NFC; Split then ByteLevel without its own regex;
 * BPE; no stripping added tokens): `wordCachedCounter` checks that shape, and that it counts a sample
 * text like encode(), and returns undefined otherwise (then counts come from encode()).
 * test/tokens-qwen3.test.ts compares both on varied texts.
 */

type Fn<A, R> = (arg: A) => R;

/** The parts of @lenml/tokenizers' PreTrainedTokenizer used here (not in its public typings). */
interface TokenizerInternals {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  added_tokens_splitter: { split(text: string): string[] };
  added_tokens_map: Map<string, { lstrip?: boolean; rstrip?: boolean }>;
  normalizer: (Fn<string, string> & { config?: { type?: string } }) | null;
  pre_tokenizer: { tokenizers?: readonly PreTokenizerPart[] } | null;
  model: Fn<string[], unknown[]> & { config?: { type?: string } };
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
}

interface PreTokenizerPart {
  config?: { type?: string; behavior?: string; invert?: boolean; add_prefix_space?: boolean };
  pattern?: RegExp;
  use_regex?: boolean;
  add_prefix_space?: boolean;
  pre_tokenize_text(text: string): string[];
}

/** Words longer than this are counted without caching; the cache starts over past MAX_WORDS entries. */
const MAX_CACHED_LENGTH = 256;
const MAX_WORDS = 200_000;

/** Code, prose, whitespace runs, digits, contractions, non-Latin scripts, added tokens: must count as encode() does. */
const SAMPLE = [
  "<|im_start|>user\nIt's here: we'll see   you've  x\t\ty\n\n\n  def f(a_b, *c):\n\treturn a_b[0] + 12345  # café 漢字 Ωμέγα",
  "<tool_call>\n{\"name\": \"bash\", \"arguments\": {\"command\": \"ls -la /testbed\"}}\n</tool_call><|im_end|>\n",
  "e\u0301 \u00e9 🙂🙂 \r\n\r\n    trailing   ",
].join("");

export function wordCachedCounter(tokenizer: unknown): ((text: string) => number) | undefined {
  const t = tokenizer as TokenizerInternals;
  const parts = t.pre_tokenizer?.tokenizers;
  const [split, byteLevel] = parts ?? [];
  const shapeOk =
    t.normalizer?.config?.type === "NFC" && parts?.length === 2 &&
    split?.config?.type === "Split" && split.config.behavior === "Isolated" && split.config.invert === false && split.pattern instanceof RegExp && split.pattern.global &&
    byteLevel?.config?.type === "ByteLevel" && byteLevel.use_regex === false && byteLevel.add_prefix_space !== true &&
    t.model.config?.type === "BPE" && t.remove_space !== true && !t.do_lowercase_and_remove_accent &&
    [...t.added_tokens_map.values()].every((token) => token.lstrip !== true && token.rstrip !== true);
  if (!shapeOk) return undefined;
  const count = makeCounter(t, split.pattern!, byteLevel);
  return count(SAMPLE) === t.encode(SAMPLE, { add_special_tokens: false }).length ? count : undefined;
}

function makeCounter(t: TokenizerInternals, pattern: RegExp, byteLevel: PreTokenizerPart): (text: string) => number {
  const normalize = t.normalizer!;
  const words = new Map<string, number>();
  const word = (text: string): number => {
    let n = words.get(text);
    if (n !== undefined) return n;
    n = t.model(byteLevel.pre_tokenize_text(text)).length;
    if (text.length <= MAX_CACHED_LENGTH) {
      if (words.size >= MAX_WORDS) words.clear();
      words.set(text, n);
    }
    return n;
  };
  const regex = new RegExp(pattern.source, pattern.flags);
  /** The Split pre-tokenizer with the "Isolated" behaviour: matches and the text between them are words. */
  const section = (text: string): number => {
    let n = 0;
    let prev = 0;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      if (prev < m.index) n += word(text.slice(prev, m.index));
      if (m[0].length === 0) regex.lastIndex = m.index + (text.codePointAt(m.index)! > 0xffff ? 2 : 1);
      else n += word(m[0]);
      prev = m.index + m[0].length;
    }
    return prev < text.length ? n + word(text.slice(prev)) : n;
  };
  return (text) => {
    let n = 0;
    for (const part of t.added_tokens_splitter.split(text)) {
      if (part.length === 0) continue;
      if (t.added_tokens_map.has(part)) n += 1;
      else n += section(normalize(part));
    }
    return n;
  };
}
