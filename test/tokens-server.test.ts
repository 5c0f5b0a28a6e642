/** The server-side counter (vLLM's /tokenize) and the probe that falls back to the local counter. */
import { afterEach, describe, expect, it } from "vitest";
import type { ProbingTokenCounter} from "../src/model/tokens.ts";
import { LocalTokenCounter, ServerTokenCounter, createTokenCounter, tokenizeUrl } from "../src/model/tokens.ts";
import type { ChatMessage, ToolSchema } from "../src/model/types.ts";
import { startScriptedServer } from "../src/model/scripted/server.ts";
import type { ScriptedServer } from "../src/model/scripted/server.ts";
import { fixedScript } from "../src/model/scripted/sources.ts";
import { countWireRequest } from "../src/model/scripted/tokenize.ts";

const messages: ChatMessage[] = [
  { role: "system", content: "You are a helpful assistant." },
  { role: "user", content: "List the files in /testbed." },
  { role: "assistant", content: "", tool_calls: [{ id: "c1", name: "bash", arguments: '{"command":"ls /testbed"}' }] },
  { role: "tool", tool_call_id: "c1", content: "setup.py\nsrc" },
];
const tools: ToolSchema[] = [{ type: "function", function: { name: "bash", description: "run", parameters: { type: "object", properties: { command: { type: "string" } } } } }];

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("token counting through the server", () => {
  it("vLLM serves /tokenize at the root, not under /v1", () => {
    expect(tokenizeUrl("http://h:8000/v1")).toBe("http://h:8000/tokenize");
    expect(tokenizeUrl("http://h:8000/v1/")).toBe("http://h:8000/tokenize");
    expect(tokenizeUrl("http://h:8000")).toBe("http://h:8000/tokenize");
  });

  it("sends {model, messages, tools, add_generation_prompt} and reads count; equals the local count", async () => {
    server = await startScriptedServer({ source: fixedScript([]), countTokens: countWireRequest });
    const viaServer = await new ServerTokenCounter({ baseUrl: server.baseUrl, model: "sera" }).count(messages, tools);
    expect(viaServer).toBe(await new LocalTokenCounter().count(messages, tools));
    expect(server.requests[0]).toMatchObject({ path: "/tokenize", body: { model: "sera", add_generation_prompt: true, tools } });
  });

  it("the probe uses the server when it answers", async () => {
    server = await startScriptedServer({ source: fixedScript([]), countTokens: async () => 4242 });
    const counter = createTokenCounter({ baseUrl: server.baseUrl, model: "sera" }) as ProbingTokenCounter;
    expect(await counter.count(messages, tools)).toBe(4242);
    expect(await counter.count(messages, tools)).toBe(4242);
    expect(await counter.choice()).toEqual({ kind: "server" });
  });

  it("falls back to the local counter once when the server has no /tokenize", async () => {
    server = await startScriptedServer({ source: fixedScript([]) });
    const counter = createTokenCounter({ baseUrl: server.baseUrl, model: "sera" }) as ProbingTokenCounter;
    const local = await new LocalTokenCounter().count(messages, tools);
    expect(await counter.count(messages, tools)).toBe(local);
    expect(await counter.count(messages, tools)).toBe(local);
    expect(await counter.choice()).toEqual({ kind: "local", reason: expect.stringMatching(/HTTP 404/) });
    expect(server.requests.filter((r) => r.path === "/tokenize")).toHaveLength(1);
  });
});
