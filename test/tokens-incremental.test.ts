/**
 * The piece-wise (incremental) prompt count equals the full count — the whole conversation rendered
 * by Qwen3's template and tokenized — after every step of many generated conversations (seeded):
 * tool calls with JSON arguments, unicode (emoji, CJK, combining marks), long tool outputs, <think>
 * reasoning, several user queries, empty contents, special-token text inside contents, requeries.
 */
import { describe, expect, it } from "vitest";
import { loadQwen3 } from "../src/model/qwen3.ts";
import { LocalTokenCounter } from "../src/model/tokens.ts";
import type { LocalCounterOptions } from "../src/model/tokens.ts";
import type { ChatMessage, ToolCall, ToolSchema } from "../src/model/types.ts";
import { generatedConversation, seededRandom } from "./helpers/conversations.ts";
import type { Random } from "./helpers/conversations.ts";

const TOOLS: ToolSchema[] = [
  { type: "function", function: { name: "bash", description: "Run a command — ünïcödé 命令 🚀", parameters: { type: "object", properties: { command: { type: "string" } }, required: ["command"] } } },
  { type: "function", function: { name: "str_replace_editor", description: "Edit files.", parameters: { type: "object", properties: { path: { type: "string" }, new_str: { type: "string" } } } } },
];

async function fullCount(messages: readonly ChatMessage[], tools: readonly ToolSchema[], options: LocalCounterOptions): Promise<number> {
  const qwen = await loadQwen3();
  return qwen.encode(qwen.template.render(messages, tools, options)).length;
}

/** Checks the incremental count (and the pieces' text) against the full render after every step. */
async function checkConversation(counter: LocalTokenCounter, random: Random, options: LocalCounterOptions): Promise<number> {
  const pieces = await counter.pieces();
  const qwen = await loadQwen3();
  const tools = random.chance(0.8) ? TOOLS : [];
  let checked = 0;
  for (const history of generatedConversation(random)) {
    expect(pieces.render(history, tools)).toBe(qwen.template.render(history, tools, options));
    expect(await counter.count(history, tools)).toBe(await fullCount(history, tools, options));
    checked++;
  }
  return checked;
}

const OPTION_SETS: [string, LocalCounterOptions][] = [
  ["default options", {}],
  ["reasoning sent back", { includeReasoning: true }],
  ["enable_thinking false", { templateKwargs: { enable_thinking: false } }],
];

describe("incremental prompt count = full count", () => {
  for (const [name, options] of OPTION_SETS) {
    it(`${name}: after every step of 40 generated conversations`, async () => {
      const counter = new LocalTokenCounter(options);
      expect((await counter.pieces()).piecewise).toBe(true);
      const random = seededRandom(0x5e7a + name.length);
      let steps = 0;
      for (let c = 0; c < 40; c++) steps += await checkConversation(counter, random, options);
      expect(steps).toBeGreaterThan(300);
    }, 120_000);
  }

  it("two conversations counted in turns by one shared counter stay exact", async () => {
    const counter = new LocalTokenCounter();
    const [a, b] = [generatedConversation(seededRandom(1)), generatedConversation(seededRandom(2))];
    for (let i = 0; i < 12; i++) {
      for (const next of [a.next(), b.next()]) {
        if (next.done === true) continue;
        expect(await counter.count(next.value, TOOLS)).toBe(await fullCount(next.value, TOOLS, {}));
      }
    }
  });

  it("re-counts an earlier assistant turn whose <think> block the template drops once a new query follows", async () => {
    const counter = new LocalTokenCounter({ includeReasoning: true });
    const call: ToolCall = { id: "1", name: "bash", arguments: '{"command": "ls"}' };
    const history: ChatMessage[] = [
      { role: "system", content: "S" }, { role: "user", content: "Q1" },
      { role: "assistant", content: "A", reasoning: "a long line of reasoning about the problem", tool_calls: [call] },
      { role: "tool", content: "out", tool_call_id: "1" },
    ];
    const before = await counter.count(history, TOOLS);
    expect(before).toBe(await fullCount(history, TOOLS, { includeReasoning: true }));
    const later = [...history, { role: "user", content: "Q2" } as const];
    const after = await counter.count(later, TOOLS);
    expect(after).toBe(await fullCount(later, TOOLS, { includeReasoning: true }));
    expect(after).toBeLessThan(before);
  });

  it("a template the pieces do not reproduce is counted in full (the probes catch it)", async () => {
    const options = { templateKwargs: { messages: [{ role: "user", content: "a template variable that replaces the conversation" }] } };
    const counter = new LocalTokenCounter(options);
    expect((await counter.pieces()).piecewise).toBe(false);
    const history: ChatMessage[] = [{ role: "system", content: "S" }, { role: "user", content: "Q" }];
    expect(await counter.count(history, TOOLS)).toBe(await fullCount(history, TOOLS, options));
  });
});
