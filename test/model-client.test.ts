/** OpenAIModel against the scripted server over real HTTP (no mocks). */
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "./helpers/wait.ts";
import { OpenAIModel } from "../src/model/openai-model.ts";
import type { OpenAIModelConfig } from "../src/model/config.ts";
import {
  ContextOverflowError,
  ModelAbortedError,
  ModelAuthError,
  ModelNotFoundError,
  ModelUnavailableError,
  ModelUnreachableError,
} from "../src/model/errors.ts";
import type { ChatMessage, RetryEvent, ToolSchema } from "../src/model/types.ts";
import { startScriptedServer } from "../src/model/scripted/server.ts";
import type { ScriptedServer } from "../src/model/scripted/server.ts";
import { fixedScript } from "../src/model/scripted/sources.ts";
import { steps } from "../src/model/scripted/steps.ts";
import type { StepInput } from "../src/model/scripted/steps.ts";

const messages: ChatMessage[] = [
  { role: "system", content: "You are a helpful assistant that can interact with a computer to solve tasks." },
  { role: "user", content: "Fix the bug in /testbed." },
];
const tools: ToolSchema[] = [
  { type: "function", function: { name: "bash", description: "run a command", parameters: { type: "object", properties: { command: { type: "string" } }, required: ["command"] } } },
];

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(script: StepInput[], config: Partial<OpenAIModelConfig> = {}) {
  server = await startScriptedServer({ source: fixedScript(steps(script)) });
  const retries: RetryEvent[] = [];
  const model = new OpenAIModel(
    { baseUrl: server.baseUrl, model: "sera-32b", apiKey: "test-key", timeoutMs: 5_000, maxAttempts: 4, backoff: { baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 5_000 }, ...config },
    { random: () => 0, onRetry: (e) => retries.push(e) },
  );
  return { model, retries, server };
}

describe("OpenAIModel over HTTP", () => {
  it("parses native tool calls, usage and the request id", async () => {
    const { model } = await setup([{ type: "tool_calls", calls: [{ name: "bash", arguments: { command: "ls /testbed" } }], promptTokens: 321, completionTokens: 12 }]);
    const call = await model.complete(messages, tools);
    expect(call.toolCalls).toEqual([{ id: "chatcmpl-tool-scripted-1-0", name: "bash", arguments: '{"command":"ls /testbed"}' }]);
    expect(call.malformedToolCalls).toEqual([]);
    expect(call.finishReason).toBe("tool_calls");
    expect(call.usage).toEqual({ promptTokens: 321, completionTokens: 12, cachedPromptTokens: 0, reported: true });
    expect(call.attempts).toBe(1);
    expect(call.requestId).toBe("chatcmpl-scripted-1");
    expect(call.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("parses Hermes <tool_call> blocks written in the text and strips them from the content", async () => {
    const { model } = await setup([{ type: "hermes", content: "Let me look.", calls: [{ name: "bash", arguments: { command: "ls" } }, { name: "submit", arguments: {} }] }]);
    const call = await model.complete(messages, tools);
    expect(call.content).toBe("Let me look.");
    expect(call.toolCalls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([["bash", { command: "ls" }], ["submit", {}]]);
    expect(new Set(call.toolCalls.map((c) => c.id)).size).toBe(2);
  });

  it("keeps vLLM's reasoning_content", async () => {
    const { model } = await setup([{ type: "text", content: "Done.", reasoning: "think first" }]);
    const call = await model.complete(messages, tools);
    expect(call.reasoning).toBe("think first");
    expect(call.content).toBe("Done.");
  });

  it("429 with Retry-After: waits the requested seconds, reports the retry, then succeeds", async () => {
    const { model, retries, server } = await setup([
      { type: "http_error", status: 429, headers: { "retry-after": "1" } },
      { type: "tool_calls", calls: [{ name: "bash", arguments: { command: "ls" } }] },
    ]);
    const call = await model.complete(messages, tools);
    expect(call.attempts).toBe(2);
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, reason: "rate_limit", status: 429, delayMs: 1000 })]);
    const [first, second] = server.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it("429 with retry-after-ms is honoured in milliseconds", async () => {
    const { model, retries } = await setup([
      { type: "http_error", status: 429, headers: { "retry-after-ms": "150" } },
      { type: "text", content: "ok" },
    ]);
    await model.complete(messages, tools);
    expect(retries.map((r) => r.delayMs)).toEqual([150]);
  });

  it("a 5xx storm is retried with exponential backoff until it clears", async () => {
    const { model, retries } = await setup([
      { type: "http_error", status: 500 },
      { type: "http_error", status: 502 },
      { type: "http_error", status: 503 },
      { type: "text", content: "recovered" },
    ]);
    const call = await model.complete(messages, tools);
    expect(call.content).toBe("recovered");
    expect(call.attempts).toBe(4);
    expect(retries.map((r) => [r.status, r.reason, r.delayMs])).toEqual([[500, "server_error", 10], [502, "server_error", 20], [503, "server_error", 40]]);
  });

  it("gives up with ModelUnavailableError after maxAttempts", async () => {
    const { model, server } = await setup([{ type: "http_error", status: 503 }, { type: "http_error", status: 503 }, { type: "http_error", status: 503 }], { maxAttempts: 3 });
    const error = await model.complete(messages, tools).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it("a hanging server hits the request timeout and the retry succeeds", async () => {
    const { model, retries } = await setup([{ type: "hang", ms: 3_000 }, { type: "text", content: "after hang" }], { timeoutMs: 300 });
    const started = Date.now();
    const call = await model.complete(messages, tools);
    expect(call.content).toBe("after hang");
    expect(call.attempts).toBe(2);
    expect(retries.map((r) => r.reason)).toEqual(["timeout"]);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it("401 and 403 throw ModelAuthError without retrying", async () => {
    for (const status of [401, 403]) {
      const { model, server } = await setup([{ type: "http_error", status }, { type: "text", content: "never" }]);
      await expect(model.complete(messages, tools)).rejects.toBeInstanceOf(ModelAuthError);
      expect(server.requests).toHaveLength(1);
      await server.close();
    }
  });

  it("404 throws ModelNotFoundError", async () => {
    const { model, server } = await setup([{ type: "http_error", status: 404, body: { object: "error", message: "The model `x` does not exist.", type: "NotFoundError", code: 404 } }]);
    const error = await model.complete(messages, tools).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect((error as Error).message).toContain("does not exist");
    expect(server.requests).toHaveLength(1);
  });

  it("vLLM's context-length 400 throws ContextOverflowError with the token counts", async () => {
    const { model, server } = await setup([{ type: "context_overflow", maxContextTokens: 32768, promptTokens: 40000 }]);
    const error = await model.complete(messages, tools).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContextOverflowError);
    const overflow = error as ContextOverflowError;
    expect(overflow.serverMessage).toContain("maximum context length is 32768 tokens");
    expect(overflow.counts).toEqual({ maxContextTokens: 32768, promptTokens: 40000 });
    expect(overflow.status).toBe(400);
    expect(server.requests).toHaveLength(1);
  });

  it("recognises the older 'you requested N tokens (P in the messages, C in the completion)' wording in an {error:{...}} body", async () => {
    const message = "This model's maximum context length is 32768 tokens. However, you requested 33010 tokens (29010 in the messages, 4000 in the completion). Please reduce the length of the messages or completion.";
    const { model } = await setup([{ type: "http_error", status: 400, body: { error: { message, type: "BadRequestError", code: 400 } } }]);
    const error = (await model.complete(messages, tools).catch((e: unknown) => e)) as ContextOverflowError;
    expect(error).toBeInstanceOf(ContextOverflowError);
    expect(error.counts).toEqual({ maxContextTokens: 32768, requestedTokens: 33010, promptTokens: 29010, completionTokens: 4000 });
  });

  it("a tool call cut off at max_tokens comes back as data (malformedToolCalls), not an exception", async () => {
    const { model } = await setup([{ type: "truncated_tool_call", name: "str_replace_editor", partialArguments: '{"command": "create", "path": "/testbed/a.py", "file_text": "def f(' }]);
    const call = await model.complete(messages, tools);
    expect(call.finishReason).toBe("length");
    expect(call.toolCalls).toEqual([]);
    expect(call.malformedToolCalls).toHaveLength(1);
    expect(call.malformedToolCalls[0]!.reason).toMatch(/not closed/);
    expect(call.malformedToolCalls[0]!.raw).toContain('"file_text": "def f(');
  });

  it("native tool calls with broken JSON arguments are malformed data too", async () => {
    const { model } = await setup([{ type: "tool_calls", calls: [{ name: "bash", arguments: '{"command": "ls' }] }]);
    const call = await model.complete(messages, tools);
    expect(call.toolCalls).toEqual([]);
    expect(call.malformedToolCalls[0]!.reason).toContain('"bash"');
  });

  it("sampling settings, seed and extra body arrive at the server, with the conversation in wire format", async () => {
    const { model, server } = await setup([{ type: "text", content: "ok" }], {
      temperature: 0.6, topP: 0.95, maxTokens: 4096, seed: 7, extraBody: { top_k: 20, chat_template_kwargs: { enable_thinking: false } },
    });
    const history: ChatMessage[] = [...messages, { role: "assistant", content: "", tool_calls: [{ id: "c1", name: "bash", arguments: '{"command":"ls"}' }], reasoning: "private" }, { role: "tool", tool_call_id: "c1", content: "a.py" }];
    await model.complete(history, tools);
    const body = server.requests[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: "sera-32b", temperature: 0.6, top_p: 0.95, max_tokens: 4096, seed: 7, top_k: 20, chat_template_kwargs: { enable_thinking: false }, stream: false });
    expect(body.tools).toEqual(tools);
    expect((body.messages as unknown[])[2]).toEqual({ role: "assistant", content: "", tool_calls: [{ id: "c1", type: "function", function: { name: "bash", arguments: '{"command":"ls"}' } }] });
    expect((body.messages as unknown[])[3]).toEqual({ role: "tool", content: "a.py", tool_call_id: "c1" });
  });

  it("never shows the API key in describe() or when serialised, but sends it", async () => {
    const secret = "sk-very-secret-0123456789";
    const { model, server } = await setup([{ type: "text", content: "ok" }], { apiKey: secret });
    expect(model.describe()).not.toContain(secret);
    expect(model.describe()).toContain("[redacted]");
    expect(JSON.stringify(model)).not.toContain(secret);
    await model.complete(messages, tools);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${secret}`);
  });

  it("an aborted signal ends a hanging call with ModelAbortedError", async () => {
    const { model, server } = await setup([{ type: "hang", ms: 600_000 }]);
    const controller = new AbortController();
    const call = model.complete(messages, tools, { signal: controller.signal });
    await waitFor(() => (server.requests.length > 0 ? true : undefined), "the request at the server");
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(ModelAbortedError);
  });

  it("a server the pre-flight never reached: a refused connection ends the call at once (ModelUnreachableError, one attempt); once it has answered, it is retried", async () => {
    const gone = await startScriptedServer({ source: fixedScript([]) });
    await gone.close();
    const config = { baseUrl: gone.baseUrl, model: "sera-32b", timeoutMs: 5_000, maxAttempts: 4, backoff: { baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 5_000 } };
    const retries: RetryEvent[] = [];
    const never = new OpenAIModel({ ...config, unreachableAtStart: "GET /models: connect ECONNREFUSED" }, { onRetry: (e) => retries.push(e) });
    await expect(never.ensureReachable()).rejects.toThrow(/cannot be reached: the pre-flight check failed \(GET \/models: connect ECONNREFUSED\) and so did a new try when the first rollout started/);
    await expect(never.complete(messages, tools)).rejects.toBeInstanceOf(ModelUnreachableError);
    expect(retries).toEqual([]);
    // A server seen (the pre-flight read it): the same refusal is retried with back-off, as a restart would be.
    const seen = new OpenAIModel(config, { onRetry: (e) => retries.push(e) });
    await seen.ensureReachable();
    await expect(seen.complete(messages, tools)).rejects.toBeInstanceOf(ModelUnavailableError);
    expect(retries.map((e) => e.reason)).toEqual(["connection", "connection", "connection"]);
  });

  it("a server never reached that answers when the first rollout starts is seen from then on", async () => {
    const { model, server: up } = await setup([{ type: "http_error", status: 503 }, { type: "text", content: "ok" }], { unreachableAtStart: "GET /models: connect ECONNREFUSED" });
    await model.ensureReachable();
    expect(up.requests.map((r) => r.path)).toEqual(["/v1/models"]);
    expect((await model.complete(messages, tools)).content).toBe("ok");
  });

  it("rejects bad settings up front", () => {
    expect(() => new OpenAIModel({ baseUrl: "not a url", model: "m", timeoutMs: 1, maxAttempts: 1, backoff: { baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } })).toThrow(/baseUrl/);
    expect(() => new OpenAIModel({ baseUrl: "http://x/v1", model: "m", timeoutMs: 1, maxAttempts: 0, backoff: { baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } })).toThrow(/maxAttempts/);
  });
});
