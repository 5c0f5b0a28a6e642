/**
 * The client sends the request body as bytes put together from each message's JSON, serialized once
 * (src/model/request-encoder.ts): the bytes must be exactly JSON.stringify of the body requestBody()
 * shows, for every setting (sampling, extra body merged last, reasoning sent back, no tools), after
 * the conversation grows, and over HTTP to the scripted server.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RequestSettings } from "../src/model/request-body.ts";
import { chatRequestBody } from "../src/model/request-body.ts";
import { RequestEncoder } from "../src/model/request-encoder.ts";
import { OpenAIModel } from "../src/model/openai-model.ts";
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
});
