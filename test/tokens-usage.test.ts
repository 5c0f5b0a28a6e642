/**
 * The server's usage.prompt_tokens as the base of the next count: through the agent's model step,
 * against the scripted server (it reports the usage a step scripts; /tokenize counts with the local
 * Qwen3 counter), with vLLM's /tokenize counter and with the local one.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callModel } from "../src/agent/model-step.ts";
import type { ContextBudget, ModelStepInput } from "../src/agent/model-step.ts";
import { Trajectory } from "../src/agent/trajectory.ts";
import { AgentExit } from "../src/agent/types.ts";
import { OpenAIModel } from "../src/model/openai-model.ts";
import { startScriptedServer } from "../src/model/scripted/server.ts";
import type { ScriptedServer } from "../src/model/scripted/server.ts";
import { fixedScript } from "../src/model/scripted/sources.ts";
import { steps } from "../src/model/scripted/steps.ts";
import type { StepInput } from "../src/model/scripted/steps.ts";
import { countWireRequest } from "../src/model/scripted/tokenize.ts";
import { LocalTokenCounter, ServerTokenCounter } from "../src/model/tokens.ts";
import type { ChatMessage, ModelCall, TokenCounter, ToolSchema } from "../src/model/types.ts";

const TOOLS: ToolSchema[] = [
  { type: "function", function: { name: "bash", description: "run a command", parameters: { type: "object", properties: { command: { type: "string" } }, required: ["command"] } } },
];
const FIRST: ChatMessage[] = [{ role: "system", content: "You are a helpful assistant." }, { role: "user", content: "Fix the bug in /testbed — 修正してください." }];
const WIDE: ContextBudget = { contextTokens: 1_000_000, maxTokens: undefined, onOverflow: "autosubmit", overflowRetries: 0 };
const bash = (command: string, promptTokens: number): StepInput => ({ type: "tool_calls", calls: [{ name: "bash", arguments: { command } }], promptTokens });

let server: ScriptedServer | undefined;
let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tokens-usage-"));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function setup(script: StepInput[], counter: (baseUrl: string) => TokenCounter, budget = WIDE) {
  server = await startScriptedServer({ source: fixedScript(steps(script)), countTokens: countWireRequest });
  const model = new OpenAIModel({ baseUrl: server.baseUrl, model: "sera", timeoutMs: 5_000, maxAttempts: 1, backoff: { baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
  const trajectory = new Trajectory(join(dir, "traj.json"), { instance_id: "i", run_id: "r", model: "sera", context_tokens: budget.contextTokens, agent_config: { name: "t", source: "t", sha256: "", protocol: "" } });
  const input: ModelStepInput = { model, schemas: TOOLS, counter: counter(server.baseUrl), budget, trajectory };
  return { input, conversation: input.counter!.conversation(), trajectory, tokenizeCalls: () => server!.requests.filter((r) => r.path === "/tokenize").length };
}

/** The history after a reply: the reply and its tool output appended. */
function after(history: readonly ChatMessage[], call: ModelCall, output: string): ChatMessage[] {
  const toolCall = call.toolCalls[0]!;
  return [...history, { role: "assistant", content: call.content, tool_calls: [toolCall] }, { role: "tool", content: output, tool_call_id: toolCall.id }];
}

function countedPromptTokens(trajectory: Trajectory): (number | undefined)[] {
  return trajectory.steps.flatMap((step) => (step.kind === "model" ? [step.counted_prompt_tokens] : []));
}

const local = new LocalTokenCounter();

describe("the next count starts from the server's reported prompt tokens", () => {
  it("vLLM counter: /tokenize only when no usage was reported; otherwise reported + the local difference", async () => {
    const { input, conversation, trajectory, tokenizeCalls } = await setup([bash("ls", 5000), bash("cat setup.py", 0), bash("pwd", 9000)], (baseUrl) => new ServerTokenCounter({ baseUrl, model: "sera" }));
    const h1 = FIRST;
    const c1 = await callModel(input, h1, conversation);
    expect(tokenizeCalls()).toBe(1);
    const h2 = after(h1, c1, "setup.py\nsrc\n🚀 README.md");
    const c2 = await callModel(input, h2, conversation);
    expect(tokenizeCalls()).toBe(1);
    const h3 = after(h2, c2, "from setuptools import setup\n".repeat(30));
    await callModel(input, h3, conversation);
    expect(tokenizeCalls()).toBe(2);
    const [n1, n2, n3] = [await local.count(h1, TOOLS), await local.count(h2, TOOLS), await local.count(h3, TOOLS)];
    expect(countedPromptTokens(trajectory)).toEqual([n1, 5000 + n2 - n1, n3]);
  });

  it("the overflow check uses the reported base: no /tokenize, the context exit says the reported-based size", async () => {
    const budget: ContextBudget = { contextTokens: 30_010, maxTokens: undefined, onOverflow: "autosubmit", overflowRetries: 0 };
    const { input, conversation, tokenizeCalls } = await setup([bash("ls", 30_000), bash("ls", 1)], (baseUrl) => new ServerTokenCounter({ baseUrl, model: "sera" }), budget);
    const c1 = await callModel(input, FIRST, conversation);
    const h2 = after(FIRST, c1, "a\nb\nc");
    const expected = 30_000 + (await local.count(h2, TOOLS)) - (await local.count(FIRST, TOOLS));
    const error = await callModel(input, h2, conversation).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentExit);
    expect((error as AgentExit).status).toBe("exit_context");
    expect((error as AgentExit).message).toContain(`prompt ${expected} tokens`);
    expect(tokenizeCalls()).toBe(1);
  });

  it("local counter: the reported base too; with serverUsage false the local count alone", async () => {
    for (const [serverUsage, base] of [[true, 777], [false, undefined]] as const) {
      const { input, conversation, trajectory } = await setup([bash("ls", 777), bash("ls", 1)], () => new LocalTokenCounter({ serverUsage }));
      const c1 = await callModel(input, FIRST, conversation);
      const h2 = after(FIRST, c1, "out");
      await callModel(input, h2, conversation);
      const [n1, n2] = [await local.count(FIRST, TOOLS), await local.count(h2, TOOLS)];
      expect(countedPromptTokens(trajectory)).toEqual([n1, base === undefined ? n2 : base + n2 - n1]);
      await server?.close();
    }
  });
});
