/**
 * The server's usage as a run keeps it: the scripted server reports prompt_tokens_details.cached_tokens
 * (the prefix a request shares with a recent one), the client keeps it, the trajectory records it per
 * step; a server that sends no usage leaves our own count, marked tokens_source "counted".
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Trajectory } from "../src/agent/trajectory.ts";
import { OpenAIModel } from "../src/model/openai-model.ts";
import { parseCompletion } from "../src/model/response.ts";
import { startScriptedServer, type ScriptedServer } from "../src/model/scripted/server.ts";
import { fixedScript } from "../src/model/scripted/sources.ts";
import { steps } from "../src/model/scripted/steps.ts";
import type { ChatMessage, ModelCall } from "../src/model/types.ts";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SYSTEM: ChatMessage = { role: "system", content: "You are a helpful assistant that fixes bugs. ".repeat(40) };
const TASK: ChatMessage = { role: "user", content: "Fix the bug in parse(). ".repeat(30) };

describe("cached prompt tokens", () => {
  it("the scripted server reports the prefix shared with an earlier request as cached, in 16-token blocks", async () => {
    server = await startScriptedServer({ source: fixedScript(steps([{ type: "text", content: "a" }, { type: "text", content: "b" }, { type: "text", content: "c" }])) });
    const model = new OpenAIModel({ baseUrl: server.baseUrl, model: "scripted", timeoutMs: 5_000, maxAttempts: 1, backoff: { baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
    const first = await model.complete([SYSTEM, TASK], []);
    const second = await model.complete([SYSTEM, TASK, { role: "assistant", content: "a" }, { role: "user", content: "go on" }], []);
    const other = await model.complete([SYSTEM, { role: "user", content: "another task" }], []);
    expect(first.usage).toMatchObject({ cachedPromptTokens: 0, reported: true });
    // The second request repeats the first's two messages; another conversation shares only the system prompt.
    const cached = second.usage.cachedPromptTokens ?? -1;
    expect(cached).toBeGreaterThan(0);
    expect(cached % 16).toBe(0);
    expect(cached).toBeLessThanOrEqual(first.usage.promptTokens);
    expect(cached).toBeGreaterThan(first.usage.promptTokens - 16 - 8);
    expect(other.usage.cachedPromptTokens).toBeGreaterThan(0);
    expect(other.usage.cachedPromptTokens).toBeLessThan(cached);
    const body = second.raw as { usage?: { prompt_tokens_details?: { cached_tokens?: number } } };
    expect(body.usage?.prompt_tokens_details?.cached_tokens).toBe(cached);
  });

  it("a step's cachedTokens is reported as given", async () => {
    server = await startScriptedServer({ source: fixedScript(steps([{ type: "text", content: "a", promptTokens: 500, cachedTokens: 320 }])) });
    const model = new OpenAIModel({ baseUrl: server.baseUrl, model: "scripted", timeoutMs: 5_000, maxAttempts: 1, backoff: { baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
    expect((await model.complete([TASK], [])).usage).toMatchObject({ promptTokens: 500, cachedPromptTokens: 320 });
  });

  it("parses usage with and without prompt_tokens_details, and says when there was none", () => {
    const choice = { message: { content: "x" }, finish_reason: "stop" };
    const id = () => "id";
    expect(parseCompletion({ choices: [choice], usage: { prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 8 } } }, id).usage).toEqual({ promptTokens: 10, completionTokens: 2, cachedPromptTokens: 8, reported: true });
    expect(parseCompletion({ choices: [choice], usage: { prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: null } }, id).usage).toEqual({ promptTokens: 10, completionTokens: 2, reported: true });
    expect(parseCompletion({ choices: [choice] }, id).usage).toEqual({ promptTokens: 0, completionTokens: 0, reported: false });
  });
});

describe("the trajectory's usage per step", () => {
  it("records the server's usage, or our count marked 'counted' when the server sent none", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sera-bench-usage-"));
    try {
      const trajectory = new Trajectory(join(dir, "traj.json"), { instance_id: "i", run_id: "r", model: "m", context_tokens: 32768, agent_config: { name: "t", source: "t", sha256: "", protocol: "" } });
      const call = (usage: ModelCall["usage"]): ModelCall => ({ content: "12345678", toolCalls: [], malformedToolCalls: [], finishReason: "stop", usage, latencyMs: 5, totalMs: 5, attempts: 1 });
      trajectory.recordModelCall(call({ promptTokens: 100, completionTokens: 7, cachedPromptTokens: 64, reported: true }), 99);
      trajectory.recordModelCall(call({ promptTokens: 0, completionTokens: 0, reported: false }), 150);
      expect(trajectory.steps).toMatchObject([
        { kind: "model", prompt_tokens: 100, completion_tokens: 7, cached_prompt_tokens: 64, tokens_source: "server" },
        { kind: "model", prompt_tokens: 150, completion_tokens: 2, tokens_source: "counted" },
      ]);
      expect(trajectory.steps[1]).not.toHaveProperty("cached_prompt_tokens");
      expect(trajectory.info.model_stats).toEqual({ prompt_tokens: 250, completion_tokens: 9, cached_prompt_tokens: 64, api_calls: 2 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
