/**
 * npm run bench:agent — figures for the agent side (not a test):
 *   1. median and p95 round trip of a trivial bash call in the persistent session (aim: <= 15 ms);
 *   2. for N concurrent rollouts of the sample instances (the 6 repeated to N, each in its own
 *      container, the tools really running) against the scripted model with a fixed latency per
 *      answer: this process's CPU time (user + system) per model call, its peak RSS, wall time, steps/s.
 * The scripted server runs in a child process (`sera-bench serve-scripted`), so its CPU is not counted.
 *
 *   0. without containers: harness CPU per step at ~2K, 16K and 48K tokens of context, and the
 *      event loop delay p99 of --step-rollouts concurrent rollouts growing to 48K (agent-steps.ts);
 *
 *   npm run bench:agent -- [--rollouts 8,32] [--latency-ms 200] [--tokenizer local|server|none] [--bash-calls 200]
 *                          [--step-rollouts 32] [--steps-only (part 0 alone: no Docker needed)]
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadRunConfig } from "../src/protocol/load.ts";
import type { AgentConfig } from "../src/protocol/schema.ts";
import { rolloutInstance } from "../src/run/jobs/rollout.ts";
import { sweAgent } from "../src/agent/swe-agent.ts";
import type { RolloutContext, RolloutResult } from "../src/run/jobs/rollout.ts";
import { DEFAULT_MODEL_CONFIG } from "../src/model/config.ts";
import { OpenAIModel } from "../src/model/openai-model.ts";
import { LocalTokenCounter, ServerTokenCounter } from "../src/model/tokens.ts";
import { parseContextLength } from "../src/cli/context-length.ts";
import { SAMPLE_SOLUTIONS } from "../src/model/setup.ts";
import { sweAgentToolkit } from "../src/agent/toolkit.ts";
import type { Instance } from "../src/dataset/row.ts";
import { instanceImageName } from "../src/evaluation/image-name.ts";
import { runLabels } from "../src/sandbox/labels.ts";
import { sweepRunContainers } from "../src/sandbox/cleanup.ts";
import { DockerEngine } from "../src/sandbox/docker/engine.ts";
import { buildSampleImages, loadSampleInstances } from "../src/images/sample-images.ts";
import { DEFAULT_BASH_IMAGE, formatBashRoundTrip, measureBashRoundTrip } from "./agent-bash.ts";
import { measured, startServerProcess } from "./bench-process.ts";
import { formatStepCost, measureStepCost } from "./agent-steps.ts";

const { values } = parseArgs({
  options: {
    rollouts: { type: "string", default: "8,32" },
    "latency-ms": { type: "string", default: "200" },
    tokenizer: { type: "string", default: "local" },
    "bash-calls": { type: "string", default: "200" },
    "steps-only": { type: "boolean", default: false },
    "step-rollouts": { type: "string", default: "32" },
  },
});
const rolloutCounts = values.rollouts.split(",").map((n) => wholeNumber(n, "--rollouts"));
const latencyMs = wholeNumber(values["latency-ms"], "--latency-ms");
const bashCalls = wholeNumber(values["bash-calls"], "--bash-calls");
const tokenizer = values.tokenizer;
if (!["local", "server", "none"].includes(tokenizer)) throw new Error(`--tokenizer: expected local, server or none, got ${tokenizer}`);
const MODEL = "scripted-sample-solver";

function wholeNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: expected whole numbers >= 0, got ${JSON.stringify(text)}`);
  return n;
}

function counterFor(baseUrl: string) {
  if (tokenizer === "local") return new LocalTokenCounter();
  if (tokenizer === "server") return new ServerTokenCounter({ baseUrl, model: MODEL });
  return undefined;
}

function rolloutContext(config: AgentConfig, baseUrl: string, runId: string): RolloutContext {
  const { temperature, topP } = config.sampling;
  const model = new OpenAIModel({
    ...DEFAULT_MODEL_CONFIG, baseUrl, model: MODEL, ...(temperature === undefined ? {} : { temperature }), ...(topP === null ? {} : { topP }),
  });
  return {
    engine: new DockerEngine(), model, modelName: MODEL, counter: counterFor(baseUrl), config, agent: sweAgent(config), runId, labels: runLabels(runId, "agent"), limitsContainer: { network: "bridge" }, leakGuard: true,
    budget: { contextTokens: parseContextLength("32k"), maxTokens: undefined, onOverflow: "autosubmit", overflowRetries: 3 },
    limits: {
      maxSteps: config.limits.maxSteps, maxRequeries: config.limits.maxRequeries, maxConsecutiveTimeouts: config.tools.maxConsecutiveTimeouts,
      instanceTimeoutMs: undefined, tokenBudget: undefined, totalExecutionMs: config.tools.totalExecutionTimeoutSeconds * 1000,
    },
  };
}

interface PhaseFigures {
  readonly n: number;
  readonly results: readonly RolloutResult[];
  readonly wallS: number;
  readonly cpuMs: number;
  readonly baseRssMb: number;
  readonly peakRssMb: number;
  readonly loopDelayP99Ms: number;
}

/** N rollouts at once: instance i % 6 of the sample, each in a fresh container of its image. */
async function runPhase(n: number, instances: readonly Instance[], config: AgentConfig, outDir: string): Promise<PhaseFigures> {
  const runId = `bench-agent-${n}-${Date.now()}`;
  const ctx = rolloutContext(config, server.baseUrl, runId);
  await ctx.counter?.count([{ role: "user", content: "warm-up" }], sweAgentToolkit(config).schemas);
  const work = () =>
    Promise.all(Array.from({ length: n }, (_, i) => {
      const instance = instances[i % instances.length]!;
      const dir = join(outDir, runId, String(i));
      return rolloutInstance(instance, instanceImageName(instance), ctx, { trajectory: join(dir, "traj.json"), prediction: join(dir, "pred.json") });
    }));
  try {
    const { value, ...figures } = await measured(work);
    return { n, results: value, ...figures };
  } finally {
    await sweepRunContainers(ctx.engine, runId);
  }
}

function report(p: PhaseFigures): string {
  const steps = p.results.reduce((sum, r) => sum + r.steps, 0);
  const statuses = new Map<string, number>();
  for (const r of p.results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  const patched = p.results.filter((r) => r.patch !== "").length;
  return [
    `N = ${p.n} concurrent rollouts: ${steps} model calls; ${[...statuses].map(([s, k]) => `${s} ${k}`).join(", ")}; non-empty patches ${patched}/${p.n}`,
    `  wall ${p.wallS.toFixed(1)} s, ${(steps / p.wallS).toFixed(1)} steps/s`,
    `  harness CPU ${(p.cpuMs / 1000).toFixed(2)} s (user+system) = ${(p.cpuMs / steps).toFixed(1)} ms per step, ${(p.cpuMs / p.n).toFixed(0)} ms per rollout`,
    `  RSS ${p.baseRssMb.toFixed(0)} MB before, peak ${p.peakRssMb.toFixed(0)} MB (sampled every 100 ms); event loop delay p99 ${p.loopDelayP99Ms.toFixed(1)} ms`,
    ...[...new Set(p.results.filter((r) => r.status !== "submitted").map((r) => `  ${r.status}: ${r.message.slice(0, 300)}`))],
  ].join("\n");
}

const stepTokenizer = tokenizer as "local" | "server" | "none";
const stepConfig = await loadRunConfig(undefined, true);
const steps = await measureStepCost({ config: stepConfig, tokenizer: stepTokenizer, latencyMs, concurrent: wholeNumber(values["step-rollouts"], "--step-rollouts"), contexts: [2000, 16000, 48000] });
console.log(`\n[0] ${formatStepCost(steps)}`);
if (values["steps-only"]) process.exit(0);

execFileSync("bash", ["scripts/ensure-docker.sh"], { stdio: "inherit" });
const images = await buildSampleImages({ instancesDir: "instances/sample", onLog: (line) => process.stderr.write(`${line}\n`) });
process.stderr.write(`sample images: ${images.built.length} built, ${images.cached.length} up to date\n`);

const bash = await measureBashRoundTrip({ image: DEFAULT_BASH_IMAGE, iterations: bashCalls, warmup: 20 });
console.log(`\n[1] ${formatBashRoundTrip(bash)} (after 20 warm-up calls; target median <= 15 ms)`);

const instances = (await loadSampleInstances("instances/sample")).map((s) => s.instance);
const config = await loadRunConfig(undefined, true);
const outDir = await mkdtemp(join(tmpdir(), "sera-bench-agent-"));
const server = await startServerProcess(SAMPLE_SOLUTIONS, latencyMs);
console.log(`\n[2] concurrent rollouts: the ${instances.length} sample instances repeated to N, one container each (tools run for real);`);
console.log(`    scripted model (sample solutions) in a child process, ${latencyMs} ms per answer; agent config ${config.name};`);
console.log(`    prompt token counting: ${tokenizer}; CPU and RSS are this (harness) process's, docker daemon and server excluded.`);
try {
  for (const n of rolloutCounts) console.log(report(await runPhase(n, instances, config, outDir)));
} finally {
  server.child.kill("SIGTERM");
  await rm(outDir, { recursive: true, force: true });
}
