/**
 * The client sends the request body as bytes put together from each message's JSON, serialized once
 * (src/model/request-encoder.ts): the bytes must be exactly JSON.stringify of the body requestBody()
 * shows, for every setting (sampling, extra body merged last, reasoning sent back, no tools), after
 * the conversation grows, and over HTTP to the scripted server. The transport (http-fetch.ts, on
 * node:http) turns a dropped connection into a retried connection failure.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { RetryEvent } from "../src/model/types.ts";
import type { RequestSettings } from "../src/model/request-body.ts";
import { chatRequestBody } from "../src/model/request-body.ts";
import { RequestEncoder } from "../src/model/request-encoder.ts";
import { OpenAIModel } from "../src/model/openai-model.ts";
import { ModelUnavailableError } from "../src/model/errors.ts";
import { startScriptedServer } from "../src/model/scripted/server.ts";
import type { ScriptedServer } from "../src/model/scripted/server.ts";
import { fixedScript } from "../src/model/scripted/sources.ts";
import { steps } from "../src/model/scripted/steps.ts";
import type { ChatMessage, ToolSchema } from "../src/model/types.ts";
import { generatedConversation, seededRandom } from "./helpers/conversations.ts";

const TOOLS: ToolSchema[] = [
  { type: "function", function: { name: "bash", description: "Run — ünï 命令 🚀", parameters: { type: "object", properties: { command: { type: "string" } }, required: ["command"] } } },
];

const SETTINGS: [string, RequestSettings][] = [
  ["model only", { model: "m" }],
  ["all sampling settings", { model: "m", temperature: 0.6, topP: 0.95, maxTokens: 512, seed: 7 }],
  ["extra body merged last, some keys overridden", { model: "m", temperature: 0.6, extraBody: { top_k: 20, temperature: 0.1, stream: true, chat_template_kwargs: { enable_thinking: false, tools: [1], messages: [] } } }],
  ["extra body replacing the messages and tools", { model: "m", extraBody: { messages: [{ role: "user", content: "x" }], tools: [] } }],
  ["reasoning sent back", { model: "m", sendReasoning: true }],
];

function expectSameBytes(encoder: RequestEncoder, settings: RequestSettings, messages: readonly ChatMessage[], tools: readonly ToolSchema[]): void {
  expect(encoder.encode(messages, tools).toString("utf8")).toBe(JSON.stringify(chatRequestBody(settings, messages, tools)));
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("request body bytes = JSON.stringify(requestBody)", () => {
  for (const [name, settings] of SETTINGS) {
    it(`${name}: after every step of generated conversations, with and without tools`, () => {
      const encoder = new RequestEncoder(settings);
      const random = seededRandom(0xb0d1 + name.length);
      for (let c = 0; c < 10; c++) {
        const tools = c % 3 === 0 ? [] : TOOLS;
        for (const history of generatedConversation(random)) expectSameBytes(encoder, settings, history, tools);
      }
    });
  }

  it("a message object whose content changed is serialized again; lone surrogates are escaped as JSON.stringify does", () => {
    const settings = { model: "m" };
    const encoder = new RequestEncoder(settings);
    const message: ChatMessage = { role: "user", content: "first" };
    expectSameBytes(encoder, settings, [message], TOOLS);
    message.content = "second \ud800 end";
    expectSameBytes(encoder, settings, [message], TOOLS);
    expect(encoder.encode([message], TOOLS).toString("utf8")).toContain("second \\ud800 end");
  });

  it("the scripted server receives the body requestBody() shows, key order included", async () => {
    server = await startScriptedServer({ source: fixedScript(steps([{ type: "text", content: "a" }, { type: "text", content: "b" }])) });
    const model = new OpenAIModel({ baseUrl: server.baseUrl, model: "m", apiKey: "k", temperature: 0.5, extraBody: { top_k: 3 }, timeoutMs: 5_000, maxAttempts: 1, backoff: { baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
    const messages: ChatMessage[] = [{ role: "system", content: "sys" }, { role: "user", content: "café 🙂" }];
    await model.complete(messages, TOOLS);
    messages.push({ role: "assistant", content: "a" }, { role: "user", content: "more" });
    await model.complete(messages, TOOLS);
    expect(server.requests.map((r) => JSON.stringify(r.body))).toEqual([
      JSON.stringify(model.requestBody(messages.slice(0, 2), TOOLS)),
      JSON.stringify(model.requestBody(messages, TOOLS)),
    ]);
    expect(server.requests[1]!.headers["content-type"]).toBe("application/json");
  });

  it("a connection dropped before the answer is a connection failure, retried; a server that is gone ends in ModelUnavailableError", async () => {
    let requests = 0;
    const raw = createServer((req, res) => {
      requests++;
      req.resume();
      if (requests === 1) return void req.socket.destroy();
      res.writeHead(200, { "content-type": "application/json", "x-request-id": "r-2" });
      res.end(JSON.stringify({ id: "c", choices: [{ finish_reason: "stop", message: { content: "fine" } }], usage: { prompt_tokens: 3, completion_tokens: 1 } }));
    });
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/v1`;
    const retries: RetryEvent[] = [];
    const config = { baseUrl, model: "m", timeoutMs: 5_000, maxAttempts: 2, backoff: { baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } };
    const model = new OpenAIModel(config, { onRetry: (e) => retries.push(e) });
    const call = await model.complete([{ role: "user", content: "hi" }], []);
    expect(call.content).toBe("fine");
    expect(call.requestId).toBe("r-2");
    expect(retries.map((r) => r.reason)).toEqual(["connection"]);
    const closed = new Promise<void>((resolve) => raw.close(() => resolve()));
    raw.closeAllConnections();
    await closed;
    const gone = await model.complete([{ role: "user", content: "hi" }], []).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(ModelUnavailableError);
    expect(String(gone)).toMatch(/connection/i);
  });
});
