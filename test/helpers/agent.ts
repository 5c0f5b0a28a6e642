import { readFileSync } from "node:fs";
import { identityOfConfig } from "../../src/protocol/identity-of.ts";
import { loadAgentConfig } from "../../src/protocol/load.ts";
import type { AnyAgentConfig } from "../../src/protocol/schema.ts";
import type { AgentLimits } from "../../src/agent/agent.ts";
import type { ContextBudget } from "../../src/agent/model-step.ts";
import { DEFAULT_MODEL_CONFIG } from "../../src/model/config.ts";
import { OpenAIModel } from "../../src/model/openai-model.ts";
import { LocalTokenCounter } from "../../src/model/tokens.ts";
import { runAgentsOn } from "../../src/executor/executors.ts";
import type { AgentRunSummary } from "../../src/executor/executors.ts";
import { EnginePool } from "../../src/sandbox/engine-pool.ts";
import { agentPlanFor } from "../../src/run/jobs/agent-plan.ts";
import { fixedScript } from "../../src/model/scripted/sources.ts";
import { startScriptedServer } from "../../src/model/scripted/server.ts";
import type { RecordedRequest } from "../../src/model/scripted/server.ts";
import { steps as parseSteps } from "../../src/model/scripted/steps.ts";
import type { StepInput } from "../../src/model/scripted/steps.ts";
import { DEFAULT_IMAGE_NAMING } from "../../src/evaluation/image-name.ts";
import { testEngine } from "./docker.ts";
import { SAMPLE_DIR } from "./eval-run.ts";

export const DEFAULT_TEST_LIMITS: AgentLimits = {
  maxSteps: 30, maxRequeries: 3, maxConsecutiveTimeouts: 3, instanceTimeoutMs: 300_000, tokenBudget: undefined, totalExecutionMs: 1_800_000,
};

export interface ScriptedRollout {
  readonly summary: AgentRunSummary;
  readonly requests: readonly RecordedRequest[];
  readonly trajectory: TrajectoryView;
  readonly evaluation: AgentRunSummary["reports"];
  /** The scripted server's port (pass it to a later call for the same server address). */
  readonly port: number;
}

export interface TrajectoryView {
  info: { exit_status: string; exit_message: string; submission: string | null; model_stats: { api_calls: number } };
  history: { role: string; content: string; tool_calls?: { name: string }[] }[];
  steps: { kind: string; reason?: string; message?: string; attempts?: number; event?: { reason: string } }[];
}

/** The sample's scripted solution of one instance, as steps (one tool call per model reply). */
export function solutionSteps(instanceId: string): StepInput[] {
  const file = JSON.parse(readFileSync(new URL("../../harness/agents/scripted/sample-solutions.json", import.meta.url), "utf8")) as {
    instances: Record<string, { calls: { name: string; arguments: Record<string, unknown> }[] }>;
  };
  const entry = file.instances[instanceId];
  if (entry === undefined) throw new Error(`no scripted solution for ${instanceId}`);
  return entry.calls.map((call) => ({ type: "tool_calls", calls: [call] }));
}

export interface ScriptedRunOptions {
  runId: string; outputDir: string; instanceIds: readonly string[];
  budget?: Partial<ContextBudget>; limits?: Partial<AgentLimits>; evaluate?: boolean;
  /** false: a plain re-run of the run id (resumes), as the same command again; default true (--redo). */
  redo?: boolean;
  /** The run-level breaker (--max-consecutive-failures); default the CLI's. */
  maxConsecutiveFailures?: number;
  /** A sample-format dataset folder other than the sample. */
  dataset?: string;
  /** false: --no-leak-guard (default on). */
  leakGuard?: boolean;
  /** The agent protocol (default: SERA's published config). */
  config?: AnyAgentConfig;
}

/** Instances of the sample against the model at `baseUrl` (production client, fast retries), in real containers, one at a time. */
export async function scriptedRun(baseUrl: string, options: ScriptedRunOptions): Promise<AgentRunSummary> {
  const model = new OpenAIModel({
    ...DEFAULT_MODEL_CONFIG, baseUrl, model: "scripted-test", timeoutMs: 10_000, maxAttempts: 4,
    backoff: { baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 2_000 },
  });
  const config = options.config ?? await loadAgentConfig();
  const kind = options.evaluate === true ? "run" : "infer";
  const budget: ContextBudget = { contextTokens: 32_768, maxTokens: undefined, onOverflow: "autosubmit", overflowRetries: 2, ...options.budget };
  const limits = { ...DEFAULT_TEST_LIMITS, ...options.limits };
  const agent = agentPlanFor({
    command: kind, model: "scripted-test", modelName: "scripted-test", baseUrl, scripted: false, apiKeyFile: undefined, sampling: {},
    requestTimeoutSeconds: 10, tokenizer: "local", budget, limits, agentConfig: { source: config.source, sha256: config.sha256 },
    container: {}, ...(options.leakGuard === undefined ? {} : { leakGuard: options.leakGuard }),
  });
  const pool = new EnginePool([{ engine: testEngine(), slots: 1 }]);
  return runAgentsOn(
    { kind: "local", pool, ...(options.maxConsecutiveFailures === undefined ? {} : { maxConsecutiveFailures: options.maxConsecutiveFailures }) },
    {
      kind, dataset: options.dataset ?? SAMPLE_DIR, split: "test", selection: { instanceIds: [...options.instanceIds] },
      runId: options.runId, outputDir: options.outputDir, workers: 1, naming: DEFAULT_IMAGE_NAMING, redo: options.redo ?? true, meta: {},
      protocol: identityOfConfig(config),
    },
    { agent, eval: { timeout_seconds: 300, generate: false, eval_scripts: "current", naming: { ...DEFAULT_IMAGE_NAMING }, limits: {} } },
    { config, model, counter: new LocalTokenCounter(), evalWorkers: 1 },
    { onNotice: () => undefined },
  );
}

/** One instance of the sample, driven by a scripted OpenAI-compatible server over real HTTP, in a real container. */
export async function scriptedRollout(options: Omit<ScriptedRunOptions, "instanceIds"> & { instanceId: string; steps: readonly StepInput[]; port?: number }): Promise<ScriptedRollout> {
  // `port`: the same server address as an earlier call (the base URL is one of a run's inputs).
  const server = await startScriptedServer({ source: fixedScript(parseSteps(options.steps)), ...(options.port === undefined ? {} : { port: options.port }) });
  try {
    const summary = await scriptedRun(server.baseUrl, { ...options, instanceIds: [options.instanceId] });
    const trajectory = JSON.parse(readFileSync(summary.layout.trajectory(options.instanceId), "utf8")) as TrajectoryView;
    return { summary, requests: [...server.requests], trajectory, evaluation: summary.reports, port: Number(new URL(server.baseUrl).port) };
  } finally {
    await server.close();
  }
}
