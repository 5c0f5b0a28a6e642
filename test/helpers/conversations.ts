/**
 * Generated agent conversations for property tests (seeded, so a failure replays): yields the
 * request history after every step, the way the agent loop grows it (a requery history is a
 * temporary copy with the bad reply and the error message appended).
 */
import type { AssistantMessage, ChatMessage, ToolCall } from "../../src/model/types.ts";

export interface Random {
  next(): number;
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, chance: (p) => next() < p, pick: (items) => items[int(items.length)]! };
}

const FRAGMENTS = [
  "def f(x):\n    return x + 1\n", "hello world", "Fix the bug.", " ", "  ", "\n", "\n\n", "\t", "\r\n", "",
  "👍🏽", "👨‍👩‍👧", "🚀", "漢字とかなカナ", "中文字符", "한국어", "e\u0301", "\u0301", "a\u0308\u0323", "ñ", "Ω≈ç√", "العربية",
  "<|im_start|>", "<|im_end|>", "<think>", "</think>", "<tool_response>", "</tool_response>", "<tool_call>", "</tool_call>",
  '{"a": 1}', "'quoted'", "\\n", "    indented", "12345", "3.14159", "$ ls -la /testbed", "Traceback (most recent call last):",
];

export function text(random: Random, maxFragments: number): string {
  return Array.from({ length: random.int(maxFragments + 1) }, () => random.pick(FRAGMENTS)).join("");
}

function longOutput(random: Random): string {
  const lines = Array.from({ length: 20 + random.int(40) }, (_, i) => `${String(i + 1).padStart(4)}\t${text(random, 6)}`);
  return lines.join("\n").repeat(1 + random.int(3));
}

function toolArguments(random: Random): string {
  switch (random.int(6)) {
    case 0: return "";
    case 1: return "{}";
    case 2: return `{"command": "ls ${text(random, 2).replace(/["\\]/g, "")}`;
    case 3: return JSON.stringify({ path: "/testbed/ü/日本.py", new_str: text(random, 8), nested: { n: random.int(100), ok: random.chance(0.5), none: null } });
    default: return JSON.stringify({ command: text(random, 5) });
  }
}

function assistantTurn(random: Random, step: number): AssistantMessage {
  const think = random.chance(0.3) ? `<think>\n${text(random, 4)}\n</think>\n\n` : "";
  const content = random.chance(0.3) ? "" : `${think}${text(random, 5)}`;
  const calls: ToolCall[] = Array.from({ length: random.chance(0.15) ? 0 : 1 + random.int(3) }, (_, k) => ({
    id: `call-${step}-${k}`, name: random.pick(["bash", "str_replace_editor", "submit", "名前"]), arguments: toolArguments(random),
  }));
  return {
    role: "assistant", content,
    ...(calls.length === 0 ? {} : { tool_calls: calls }),
    ...(random.chance(0.3) ? { reasoning: random.chance(0.2) ? "" : text(random, 4) } : {}),
  };
}

function results(random: Random, assistant: AssistantMessage): ChatMessage[] {
  const calls = assistant.tool_calls ?? [];
  if (calls.length === 0) return [{ role: "user", content: text(random, 4) }];
  const count = random.chance(0.2) ? calls.length : 1;
  return calls.slice(0, count).map((call) => ({
    role: "tool", tool_call_id: call.id, content: random.chance(0.2) ? longOutput(random) : random.chance(0.1) ? "" : text(random, 6),
  }));
}

function firstMessages(random: Random): ChatMessage[] {
  const first: ChatMessage[] = [];
  if (random.chance(0.85)) first.push({ role: "system", content: random.chance(0.1) ? "" : text(random, 8) });
  const wrapped = random.chance(0.1);
  first.push({ role: "user", content: wrapped ? `<tool_response>${text(random, 3)}</tool_response>` : text(random, 10) });
  return first;
}

/** The histories one rollout sends, one per model call. */
export function* generatedConversation(random: Random): Generator<ChatMessage[]> {
  const messages = firstMessages(random);
  yield messages;
  const steps = 3 + random.int(10);
  for (let step = 0; step < steps; step++) {
    const assistant = assistantTurn(random, step);
    if (random.chance(0.12)) {
      yield [...messages, { role: "assistant", content: assistant.content }, { role: "user", content: `Your output was not formatted correctly. ${text(random, 2)}` }];
      continue;
    }
    messages.push(assistant, ...results(random, assistant));
    if (random.chance(0.08)) messages.push({ role: "user", content: text(random, 4) });
    if (random.chance(0.04)) messages.push({ role: "system", content: text(random, 3) });
    yield messages;
  }
}
