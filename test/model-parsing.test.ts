/** Pure pieces of the model client: Hermes blocks, overflow messages, Retry-After, Python-style JSON. */
import { describe, expect, it } from "vitest";
import { retryAfterMs, retryDelayMs } from "../src/model/backoff.ts";
import { parseHermesToolCalls } from "../src/model/hermes.ts";
import { isContextOverflowMessage, parseOverflowCounts } from "../src/model/overflow.ts";
import { pyJsonRedump as pythonJsonRedump } from "../src/util/python/json-dumps.ts";
import { pyFloatRepr as pythonFloatRepr } from "../src/util/python/value.ts";

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("Hermes tool-call blocks", () => {
  it("extracts several blocks, keeps the prose, accepts string arguments", () => {
    const text = 'First.\n<tool_call>\n{"name": "bash", "arguments": {"command": "ls"}}\n</tool_call>\nthen\n<tool_call>{"name": "submit", "arguments": "{}"}</tool_call>';
    const parsed = parseHermesToolCalls(text);
    expect(parsed.content).toBe("First.\n\nthen");
    expect(parsed.toolCalls.map((c) => [c.name, c.arguments])).toEqual([["bash", '{"command":"ls"}'], ["submit", "{}"]]);
    expect(parsed.malformed).toEqual([]);
  });
  it("reports broken, nameless and unclosed blocks as malformed", () => {
    const parsed = parseHermesToolCalls('<tool_call>{"name": 1}</tool_call><tool_call>{oops}</tool_call><tool_call>{"name": "bash", "arguments": {"command": "ec');
    expect(parsed.toolCalls).toEqual([]);
    expect(parsed.malformed.map((m) => m.reason)).toEqual([
      expect.stringMatching(/non-empty string "name"/),
      expect.stringMatching(/is not valid JSON/),
      expect.stringMatching(/not closed/),
    ]);
  });
});

describe("context overflow messages", () => {
  it("recognises vLLM's and OpenAI's wordings and nothing else", () => {
    expect(isContextOverflowMessage("This model's maximum context length is 32768 tokens. However, your request has 40000 input tokens.")).toBe(true);
    expect(isContextOverflowMessage('{"code":"context_length_exceeded"}')).toBe(true);
    expect(isContextOverflowMessage("temperature must be >= 0")).toBe(false);
  });
  it("reads the counts of each wording", () => {
    expect(parseOverflowCounts("'max_tokens' or 'max_completion_tokens' is too large: 4096. This model's maximum context length is 32768 tokens and your request has 30000 input tokens (4096 > 32768 - 30000).")).toEqual({ maxContextTokens: 32768, promptTokens: 30000, completionTokens: 4096 });
    expect(parseOverflowCounts("context_length_exceeded")).toEqual({});
  });
});

describe("retry delays", () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };
  it("reads retry-after-ms, Retry-After seconds and HTTP dates", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "250", "retry-after": "9" }), 0)).toBe(250);
    expect(retryAfterMs(headers({ "retry-after": "2" }), 0)).toBe(2000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(headers({}), now)).toBeUndefined();
  });
  it("backs off exponentially with jitter between 50% and 100%, capped; a server hint wins but is clamped", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, undefined, () => 0))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(retryDelayMs(2, policy, undefined, () => 0.999999)).toBe(2000);
    expect(retryDelayMs(1, policy, 3000, () => 0)).toBe(3000);
    expect(retryDelayMs(1, policy, 3_600_000, () => 0)).toBe(60_000);
  });
});

describe("Python-style JSON (what vLLM re-dumps tool-call arguments to)", () => {
  it("matches Python's float repr", () => {
    expect([1, 2.5, 1e20, 1e16, 1e15, 0.00001, 0.0001, -0, 123456.789, 1 / 3].map(pythonFloatRepr)).toEqual(["1.0", "2.5", "1e+20", "1e+16", "1000000000000000.0", "1e-05", "0.0001", "-0.0", "123456.789", "0.3333333333333333"]);
  });
  it("re-spaces separators, keeps ints and non-ASCII, normalises escapes", () => {
    expect(pythonJsonRedump('{"a":1,"b":[1.0,2E3,-0],"c":"\\u00e9\\/\\n","d":{}}')).toBe('{"a": 1, "b": [1.0, 2000.0, 0], "c": "é/\\n", "d": {}}');
    expect(pythonJsonRedump('{"n": 12345678901234567890}')).toBe('{"n": 12345678901234567890}');
    expect(() => pythonJsonRedump('{"a": ')).toThrow(SyntaxError);
  });
});
