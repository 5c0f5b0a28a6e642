/**
 * Harness CPU per agent step as the context grows, without containers: the real agent loop
 * (prompt counting, model client over HTTP, trajectory step log appended every step) against the scripted
 * model in a child process (its CPU is not counted); the tools answer in-process with a source
 * listing of ~1.5K tokens per call, so the conversation grows to the largest context asked for.
 *   1. one rollout alone: CPU between consecutive tool calls (= one step), at ~2K, 16K and 48K
 *      tokens of context, next to what rendering and tokenizing that whole prompt costs;
 *   2. N rollouts at once to the same size: event loop delay p99 (perf_hooks) and CPU per step.
 * Used by bench/agent.ts (npm run bench:agent); runs on its own too: npx tsx bench/agent-steps.ts
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runAgent } from "../src/agent/agent.ts";
import { sweAgentToolkit } from "../src/agent/toolkit.ts";
import { Trajectory } from "../src/agent/trajectory.ts";
import type { AgentTools } from "../src/agent/types.ts";
import { DEFAULT_MODEL_CONFIG } from "../src/model/config.ts";
import { OpenAIModel } from "../src/model/openai-model.ts";
import { chatRequestBody } from "../src/model/request-body.ts";
import { RequestEncoder } from "../src/model/request-encoder.ts";
import { loadQwen3 } from "../src/model/qwen3.ts";
import { LocalTokenCounter, ServerTokenCounter } from "../src/model/tokens.ts";
import type { SystemMessage, TokenCounter, UserMessage } from "../src/model/types.ts";
import { loadRunConfig } from "../src/protocol/load.ts";
import type { AgentConfig } from "../src/protocol/schema.ts";
import { idleLoopDelay, measured, startServerProcess } from "./bench-process.ts";

export type Tokenizer = "local" | "server" | "none";

export interface StepCostOptions {
  readonly config: AgentConfig;
  readonly tokenizer: Tokenizer;
  readonly latencyMs: number;
  readonly concurrent: number;
  /** Context sizes (tokens) to report the step cost at. */
  readonly contexts: readonly number[];
}

interface StepSample {
  readonly context: number;
  readonly cpuMs: number;
  readonly historyLength: number;
}

interface AtContext {
  readonly target: number;
  readonly context: number;
  readonly cpuMs: number;
  /** Of which: counting the step's prompt piece-wise (the pieces before it already counted). */
  readonly countMs: number;
  /** Of which: the request body (the messages sent before serialized already), and the whole body serialized anew. */
  readonly bodyMs: number;
  readonly fullBodyMs: number;
  /** The step log line a step appends (the trajectory file itself is written at the start and the end). */
  readonly persistMs: number;
  readonly fullCountMs: number;
}

export interface StepCostFigures {
  readonly tokenizer: Tokenizer;
  readonly latencyMs: number;
  readonly atContexts: readonly AtContext[];
  readonly concurrent: { n: number; steps: number; cpuMsPerStep: number; loopDelayP99Ms: number; loopDelayMaxMs: number; wallS: number; maxContext: number };
  /** The same process idle just before the concurrent run: the delay the machine's load alone causes. */
  readonly idle: Awaited<ReturnType<typeof idleLoopDelay>>;
}

const TASK = "BENCH-STEPS-TASK";
/** The model's calls (more than needed: the tools submit once the context is large enough). */
const SCRIPT_CALLS = 400;

/** A source listing, different at every step (like `cat` of a file). */
function listing(step: number): string {
  return Array.from({ length: 48 }, (_, i) => `${String(i + 1).padStart(6)}\tdef handler_${step}_${i}(request, *args):  # café 漢字 step ${step}\n`).join("");
}

/** `onStep` returns true when the context is large enough: the tools then submit. */
function stubTools(onStep: () => boolean): AgentTools {
  let step = 0;
  return {
    execute: async () => {
      if (onStep()) return { kind: "submitted", action: "submit", patch: "diff --git a/x.py b/x.py\n", observation: "" };
      const output = listing(++step);
      return { kind: "observation", action: "cat x.py", message: output, output, exitCode: 0, durationMs: 1, timedOut: false };
    },
    diff: async () => "",
    close: () => undefined,
  };
}

async function writeScript(dir: string): Promise<string> {
  const calls = Array.from({ length: SCRIPT_CALLS }, (_, i) => ({ name: "bash", arguments: { command: `cat /testbed/module_${i}.py` } }));
  const path = join(dir, "script.json");
  await writeFile(path, JSON.stringify({ instances: { [TASK]: { match: [TASK], calls } } }));
  return path;
}

function counterFor(tokenizer: Tokenizer, baseUrl: string): TokenCounter | undefined {
  if (tokenizer === "local") return new LocalTokenCounter();
  if (tokenizer === "server") return new ServerTokenCounter({ baseUrl, model: "bench" });
  return undefined;
}

/** The prompt size of the last model call: our count, else the server's usage. */
function lastContext(trajectory: Trajectory): number {
  const step = trajectory.steps.findLast((s) => s.kind === "model");
  return step?.kind === "model" ? (step.counted_prompt_tokens ?? step.prompt_tokens) : 0;
}

type RolloutSetup = { config: AgentConfig; baseUrl: string; counter: TokenCounter | undefined; path: string; untilContext: number };

async function rollout(ctx: RolloutSetup, sample?: (s: StepSample) => void): Promise<Trajectory> {
  const toolkit = sweAgentToolkit(ctx.config);
  const trajectory = new Trajectory(ctx.path, { instance_id: TASK, run_id: "bench-steps", model: "bench", context_tokens: 131_072, agent_config: { name: "bench", source: "bench", sha256: "", protocol: "" } });
  const first: [SystemMessage, UserMessage] = [
    { role: "system", content: "You are a helpful assistant that can interact with a computer to solve tasks." },
    { role: "user", content: `${TASK}: fix the handlers in /testbed.` },
  ];
  let cpu = process.cpuUsage();
  const onStep = () => {
    const now = process.cpuUsage();
    sample?.({ context: lastContext(trajectory), cpuMs: (now.user - cpu.user + now.system - cpu.system) / 1000, historyLength: trajectory.history.length });
    cpu = now;
    return lastContext(trajectory) >= ctx.untilContext;
  };
  await runAgent({
    model: new OpenAIModel({ ...DEFAULT_MODEL_CONFIG, baseUrl: ctx.baseUrl, model: "bench" }), schemas: toolkit.schemas, counter: ctx.counter, trajectory,
    budget: { contextTokens: 131_072, maxTokens: undefined, onOverflow: "autosubmit", overflowRetries: 0 },
    tools: stubTools(onStep), messages: toolkit.messages, firstMessages: first,
    limits: { maxSteps: 1000, maxRequeries: 3, maxConsecutiveTimeouts: 3, instanceTimeoutMs: undefined, tokenBudget: undefined, totalExecutionMs: 1e9 },
  });
  return trajectory;
}

/** The 3 samples nearest to `target` tokens of context, averaged; what counting and writing the trajectory take there; a full count of that prompt. */
async function atContext(target: number, samples: readonly StepSample[], trajectory: Trajectory, schemas: Parameters<typeof runAgent>[0]["schemas"]): Promise<AtContext> {
  const near = [...samples].sort((a, b) => Math.abs(a.context - target) - Math.abs(b.context - target)).slice(0, 3);
  const mean = (f: (s: StepSample) => number) => near.reduce((sum, s) => sum + f(s), 0) / near.length;
  const prompt = trajectory.history.slice(0, near[0]!.historyLength);
  const counter = new LocalTokenCounter();
  await counter.count(prompt.slice(0, -2), schemas);
  const timed = async (work: () => unknown) => {
    const t0 = performance.now();
    await work();
    return performance.now() - t0;
  };
  const countMs = await timed(() => counter.count(prompt, schemas));
  const settings = { model: "bench" };
  const encoder = new RequestEncoder(settings);
  encoder.encode(prompt.slice(0, -2), schemas);
  const bodyMs = await timed(() => encoder.encode(prompt, schemas));
  const fullBodyMs = await timed(() => Buffer.from(JSON.stringify(chatRequestBody(settings, prompt, schemas))));
  // Each step added a model and a tool step, an assistant and a tool message to the two first messages.
  const stepsThen = prompt.length - 2;
  const line = { steps: trajectory.steps.slice(stepsThen - 2, stepsThen), history_from: prompt.length - 2, history: prompt.slice(-2), info: trajectory.info, wall_time_s: 1 };
  const persistMs = await timed(() => `${JSON.stringify(line)}\n`);
  const qwen = await loadQwen3();
  const fullCountMs = await timed(() => qwen.encode(qwen.template.render(prompt, schemas)));
  return { target, context: Math.round(mean((s) => s.context)), cpuMs: mean((s) => s.cpuMs), countMs, bodyMs, fullBodyMs, persistMs, fullCountMs };
}

export async function measureStepCost(options: StepCostOptions): Promise<StepCostFigures> {
  const dir = await mkdtemp(join(tmpdir(), "sera-bench-steps-"));
  const server = await startServerProcess(await writeScript(dir), options.latencyMs);
  try {
    const counter = counterFor(options.tokenizer, server.baseUrl);
    const ctx = { config: options.config, baseUrl: server.baseUrl, counter, untilContext: Math.max(...options.contexts) * 1.05 };
    await rollout({ ...ctx, path: join(dir, "warm-up.json"), untilContext: 4000 });
    const samples: StepSample[] = [];
    const alone = await rollout({ ...ctx, path: join(dir, "alone.json") }, (s) => samples.push(s));
    const schemas = sweAgentToolkit(options.config).schemas;
    const atContexts = [];
    for (const target of options.contexts) atContexts.push(await atContext(target, samples.slice(1), alone, schemas));
    const idle = await idleLoopDelay(5_000);
    const run = () => Promise.all(Array.from({ length: options.concurrent }, (_, i) => rollout({ ...ctx, path: join(dir, `c${i}.json`) })));
    const { value, ...figures } = await measured(run);
    const total = value.reduce((sum, t) => sum + t.info.model_stats.api_calls, 0);
    const concurrent = { n: options.concurrent, steps: total, cpuMsPerStep: figures.cpuMs / total, loopDelayP99Ms: figures.loopDelayP99Ms, loopDelayMaxMs: figures.loopDelayMaxMs, wallS: figures.wallS, maxContext: Math.max(...value.map(lastContext)) };
    return { tokenizer: options.tokenizer, latencyMs: options.latencyMs, atContexts, concurrent, idle };
  } finally {
    server.child.kill("SIGTERM");
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatStepCost(f: StepCostFigures): string {
  const c = f.concurrent;
  const verdict = (value: number, target: number) => (value <= target ? "ok" : "OVER");
  return [
    `harness CPU per agent step, no containers (tools answer in-process, ~800 tokens per output); scripted model in a child process, ${f.latencyMs} ms per answer; prompt counting: ${f.tokenizer}`,
    ...f.atContexts.flatMap((a) => [
      `  context ~${(a.target / 1000).toFixed(0)}K (measured at ${a.context} tokens): ${a.cpuMs.toFixed(2)} ms per step [target <= 5 ms: ${verdict(a.cpuMs, 5)}]`,
      `    of which counting the prompt ${a.countMs.toFixed(2)} ms (rendering + tokenizing all of it: ${a.fullCountMs.toFixed(1)} ms); request body ${a.bodyMs.toFixed(2)} ms (all of it serialized anew: ${a.fullBodyMs.toFixed(2)} ms); the step's trajectory log line ${a.persistMs.toFixed(2)} ms`,
    ]),
    `  ${c.n} concurrent rollouts to ${c.maxContext} tokens: ${c.steps} steps in ${c.wallS.toFixed(1)} s, ${c.cpuMsPerStep.toFixed(2)} ms CPU per step; event loop delay p99 ${c.loopDelayP99Ms.toFixed(1)} ms [target <= 50 ms: ${verdict(c.loopDelayP99Ms, 50)}], max ${c.loopDelayMaxMs.toFixed(1)} ms`,
    `    (this process idle for 5 s just before: event loop delay p99 ${f.idle.p99Ms.toFixed(1)} ms, max ${f.idle.maxMs.toFixed(1)} ms; load average ${f.idle.loadAverage.toFixed(1)} on ${f.idle.cores} cores)`,
  ].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const config = await loadRunConfig(undefined, true);
  console.log(formatStepCost(await measureStepCost({ config, tokenizer: "local", latencyMs: 200, concurrent: 32, contexts: [2000, 16000, 48000] })));
}
