/** The scripted server itself: routes, recording, per-conversation scripts, solver mode, script files. */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { OpenAIModel } from "../src/model/openai-model.ts";
import type { ChatMessage } from "../src/model/types.ts";
import { parseScriptFile, sourceFromScriptFile } from "../src/model/scripted/script-file.ts";
import { startScriptedServer } from "../src/model/scripted/server.ts";
import type { ScriptedServer } from "../src/model/scripted/server.ts";
import { fixedScript, matchScripts, solverSource } from "../src/model/scripted/sources.ts";
import { steps } from "../src/model/scripted/steps.ts";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function modelFor(baseUrl: string) {
  return new OpenAIModel({ baseUrl, model: "scripted", timeoutMs: 5_000, maxAttempts: 1, backoff: { baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
}

const conversation = (firstUser: string, assistantTurns = 0): ChatMessage[] => {
  const history: ChatMessage[] = [{ role: "system", content: "sys" }, { role: "user", content: firstUser }];
  for (let i = 0; i < assistantTurns; i++) {
    history.push({ role: "assistant", content: "", tool_calls: [{ id: `c${i}`, name: "bash", arguments: "{}" }] }, { role: "tool", tool_call_id: `c${i}`, content: "ok" });
  }
  return history;
};

describe("scripted server", () => {
  it("serves /v1/models and rejects stream: true with a 400", async () => {
    server = await startScriptedServer({ source: fixedScript(steps([{ type: "text", content: "x" }])), model: "m-1" });
    const models = (await (await fetch(`${server.baseUrl}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(["m-1"]);
    const streamed = await fetch(`${server.baseUrl}/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "hi" }] }) });
    expect(streamed.status).toBe(400);
    expect(((await streamed.json()) as { message: string }).message).toMatch(/stream/);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/models", "POST /v1/chat/completions"]);
  });

  it("answers 404 for /tokenize when no counter is configured, and for unknown routes", async () => {
    server = await startScriptedServer({ source: fixedScript([]) });
    expect((await fetch(`${server.rootUrl}/tokenize`, { method: "POST", body: "{}" })).status).toBe(404);
    expect((await fetch(`${server.rootUrl}/nope`)).status).toBe(404);
  });

  it("concurrent conversations get their own script, chosen by the first user message", async () => {
    const source = matchScripts([
      { match: "astropy__astropy-12907", steps: steps([{ type: "text", content: "A1" }, { type: "text", content: "A2" }]) },
      { match: "django__django-11099", steps: steps([{ type: "text", content: "D1" }, { type: "text", content: "D2" }]) },
    ]);
    server = await startScriptedServer({ source, latencyMs: 30 });
    const model = modelFor(server.baseUrl);
    const a = conversation("Solve astropy__astropy-12907 please");
    const d = conversation("Solve django__django-11099 please");
    const replies = await Promise.all([model.complete(a, []), model.complete(d, []), model.complete(d, []), model.complete(a, [])]);
    expect(replies.map((r) => r.content).sort()).toEqual(["A1", "A2", "D1", "D2"]);
    expect(server.requests.map((r) => r.played?.key).sort()).toEqual(["script-0", "script-0", "script-1", "script-1"]);
  });

  it("a conversation no script matches gets a 400 that says so", async () => {
    server = await startScriptedServer({ source: matchScripts([{ match: "only-this", steps: [] }]) });
    await expect(modelFor(server.baseUrl).complete(conversation("something else"), [])).rejects.toThrow(/no script matches/);
  });

  it("solver mode plays the instance's calls by assistant turn, then says it is exhausted", async () => {
    const source = solverSource({
      instances: {
        "sera-bench__semver-1": { match: [], style: "native", calls: [{ name: "str_replace_editor", arguments: { command: "str_replace", path: "/testbed/a.py", old_str: "a", new_str: "b" } }, { name: "submit", arguments: {} }] },
        "sera-bench__rational-1": { match: ["Rational equality"], style: "hermes", calls: [{ name: "submit", arguments: {} }] },
      },
    });
    server = await startScriptedServer({ source });
    const model = modelFor(server.baseUrl);
    const first = await model.complete(conversation("instance sera-bench__semver-1"), []);
    expect(first.toolCalls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([["str_replace_editor", { command: "str_replace", path: "/testbed/a.py", old_str: "a", new_str: "b" }]]);
    expect((await model.complete(conversation("instance sera-bench__semver-1", 1), [])).toolCalls[0]!.name).toBe("submit");
    const exhausted = await model.complete(conversation("instance sera-bench__semver-1", 2), []);
    expect(exhausted.toolCalls).toEqual([]);
    expect(exhausted.content).toMatch(/has no step 3/);
    const hermes = await model.complete(conversation("Bug: Rational equality is broken"), []);
    expect(hermes.toolCalls.map((c) => c.name)).toEqual(["submit"]);
    expect((hermes.raw as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toContain("<tool_call>");
  });

  it("the fixed latency option delays every answer", async () => {
    server = await startScriptedServer({ source: fixedScript(steps([{ type: "text", content: "x" }])), latencyMs: 200 });
    const started = Date.now();
    await modelFor(server.baseUrl).complete(conversation("hi"), []);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe("script files", () => {
  it("the shipped example solver file is valid and plays its calls", async () => {
    const path = new URL("../harness/agents/scripted/solver.example.json", import.meta.url);
    const file = parseScriptFile(readFileSync(path, "utf8"), path.pathname);
    server = await startScriptedServer({ source: sourceFromScriptFile(file) });
    const reply = await modelFor(server.baseUrl).complete(conversation("Pre-release precedence is wrong for numeric identifiers (beta.11 < beta.2)"), []);
    expect(reply.toolCalls[0]!.name).toBe("bash");
  });

  it("an invalid file is rejected with its name and what was expected", () => {
    expect(() => parseScriptFile('{"steps": [], "instances": {}}', "bad.json")).toThrow(/bad\.json[\s\S]*exactly one of/);
    expect(() => parseScriptFile('{"steps": [{"type": "http_error", "status": 200}]}', "bad2.json")).toThrow(/bad2\.json/);
    expect(() => parseScriptFile("{nope", "bad3.json")).toThrow(/bad3\.json: not valid JSON/);
  });
});
