import { readFile } from "node:fs/promises";
import type { Argv } from "yargs";
import type { AgentLimits } from "../../agent/agent.ts";
import type { ContextBudget } from "../../agent/model-step.ts";
import type { RolloutResult } from "../../run/jobs/rollout.ts";
import { loadRunConfig } from "../../protocol/load.ts";
import type { AgentConfig } from "../../protocol/schema.ts";
import { checkServer, readServerInfo } from "../../model/server-info.ts";
import type { ServerRecord } from "../../model/server-info.ts";
import { describeProtocol } from "../../protocol/texts.ts";
import { parseExtraBody, resolveSampling } from "../sampling.ts";
import { parseContextLength } from "../context-length.ts";
import { setupModel, SCRIPTED_MODEL } from "../../model/setup.ts";
import type { ModelSetup } from "../../model/setup.ts";
import { runAgents } from "../../executor/local.ts";
import type { RunEvents } from "../../run/events.ts";
import type { AgentRunOptions } from "../../run/agent-run.ts";
import { sweAgentToolkit } from "../../agent/toolkit.ts";
import type { InstanceResult } from "../../evaluation/outcome.ts";
import { agentPlanFor } from "../../run/jobs/agent-plan.ts";
import { runSlurmAgents } from "../../executor/slurm/agent-coordinator.ts";
import { formatRunReport } from "../../run/files/official-report.ts";
import { DockerEngine } from "../../sandbox/docker/engine.ts";
import { withAgentOptions } from "../agent-options.ts";
import { slurmSettingsFrom, withAgentExecutorOptions } from "../executor-options.ts";
import type { ExecutorArgv } from "../executor-options.ts";
import { namingFrom, parseBytes, selectionFrom, withDatasetOptions, withImageOptions } from "../options.ts";
import { abortOnInterrupt } from "../interrupt.ts";
import { createProgress } from "../progress.ts";
import { optional } from "../../util/optional.ts";
import { SeraBenchError } from "../../util/errors.ts";

type Kind = "infer" | "run";

export function inferCommand(yargs: Argv) {
  return yargs.command(
    "infer",
    "Run the agent on each instance in its own container and write predictions (no evaluation)",
    (y) => withAgentExecutorOptions(withAgentOptions(withImageOptions(withDatasetOptions(y))))
      .example("$0 infer -d instances/sample --model scripted --run-id demo-infer", "the built-in scripted model on the sample")
      .example("$0 infer -d verified --model allenai/SERA-32B --base-url http://127.0.0.1:8000/v1 --context 32k --run-id sera-32k --seeds 3", "SERA-32B at 32K, three seeds"),
    (argv) => handle("infer", argv),
  );
}

export function runCommand(yargs: Argv) {
  return yargs.command(
    "run",
    "Agent rollouts, then evaluation of each finished instance in a fresh container while other rollouts go on",
    (y) => withAgentExecutorOptions(withAgentOptions(withImageOptions(withDatasetOptions(y))))
      .option("eval-workers", { type: "number", default: 2, describe: "evaluations at once" })
      .option("timeout", { alias: "t", type: "number", default: 1800, describe: "seconds allowed for each eval script" })
      .option("generate", { type: "boolean", default: false, describe: "generate eval scripts from harness/specs" })
      .example("$0 run -d instances/sample --model scripted --run-id demo", "the whole pipeline on the sample (scripted model)")
      .example("$0 run -d verified --model allenai/SERA-32B --base-url http://127.0.0.1:8000/v1 --context 64k --run-id sera-64k -w 8 --eval-workers 4", "SERA-32B at 64K")
      .example("$0 run -d verified --model allenai/SERA-32B --base-url http://gpu01:8000/v1 --run-id sera-slurm --executor slurm --shards 16 -w 4", "as Slurm array tasks"),
    (argv) => handle("run", argv),
  );
}

/** The parsed flags (yargs camel-cases them); validated where they are used. */
async function handle(kind: Kind, argv: unknown): Promise<void> {
  const a = argv as ArgvShape;
  const seeds = a.seeds;
  if (!Number.isInteger(seeds) || seeds < 1) throw new SeraBenchError(`--seeds: expected a whole number >= 1, got ${seeds}`);
  if (!(a.workers >= 1)) throw new SeraBenchError(`--workers: expected a whole number >= 1, got ${a.workers}`);
  const config = await loadRunConfig(a.agentConfig, a.model === SCRIPTED_MODEL);
  process.stderr.write(`Protocol: ${describeProtocol(config.protocol)}\n`);
  const contextTokens = parseContextLength(a.context);
  const extraBody = parseExtraBody(a.extraBody);
  if (a.executor === "slurm" && a.apiKey !== undefined) {
    throw new SeraBenchError("--api-key cannot be used with --executor slurm (it would have to travel to the nodes): export OPENAI_API_KEY (Slurm passes the environment to the tasks) or pass --api-key-file PATH readable on the nodes");
  }
  // The Slurm coordinator runs no container: its workers ping their own engines.
  const engine = a.executor === "slurm" ? null : new DockerEngine();
  await engine?.ping();
  for (let k = 1; k <= seeds; k++) {
    const seed = seeds === 1 ? a.samplingSeed : (a.samplingSeed ?? 1) + k - 1;
    const runId = seeds === 1 ? a.runId : `${a.runId}-s${k}`;
    await oneRun(kind, a, { config, contextTokens, extraBody, engine, seed, runId });
    if (process.exitCode === 130) return;
  }
}

interface ArgvShape extends ExecutorArgv {
  dataset: string; split: string; runId: string; model: string; modelName?: string; baseUrl?: string; apiKey?: string;
  temperature?: number; topP?: number; maxTokens?: number; samplingSeed?: number; seeds: number; seed: number; extraBody?: string;
  requestTimeout: number; context: string; onOverflow: "autosubmit" | "retry"; overflowRetries: number;
  tokenizer: "auto" | "local" | "server" | "none"; agentConfig?: string; maxSteps?: number; instanceTimeout?: number;
  tokenBudget?: number; workers: number; outputDir: string; redo: boolean; redoErrors: boolean; network: string;
  memory?: string; pidsLimit?: number; evalWorkers?: number; timeout?: number; generate?: boolean;
  instanceIds?: string[]; repos?: string[]; subset?: string; limit?: number; shuffle: boolean;
  namespace?: string; imageTemplate?: string; imageTag: string; arch: string; apiKeyFile?: string; scriptedHost: string;
}

interface Shared {
  readonly config: AgentConfig;
  readonly contextTokens: number;
  readonly extraBody: Record<string, unknown> | undefined;
  /** null with --executor slurm. */
  readonly engine: DockerEngine | null;
  readonly seed: number | undefined;
  readonly runId: string;
}

/** Resolved once per run: what the local path and the Slurm plan both use. */
export interface RunSettings {
  readonly temperature: number | undefined;
  readonly topP: number | undefined;
  readonly modelName: string;
  readonly naming: ReturnType<typeof namingFrom>;
  readonly containerLimits: { readonly network: string; readonly memoryBytes?: number; readonly pidsLimit?: number };
  readonly budget: ContextBudget;
  readonly limits: AgentLimits;
  readonly meta: Readonly<Record<string, unknown>>;
}

async function oneRun(kind: Kind, a: ArgvShape, shared: Shared): Promise<void> {
  const { temperature, topP } = resolveSampling(a, shared.config);
  const apiKey = a.apiKey ?? (a.apiKeyFile === undefined ? undefined : await readApiKeyFile(a.apiKeyFile));
  let notices = (line: string): void => void process.stderr.write(`${line}\n`);
  const setup = await setupModel({
    model: a.model, baseUrl: a.baseUrl, apiKey, temperature, topP, maxTokens: a.maxTokens, seed: shared.seed,
    extraBody: shared.extraBody, requestTimeoutSeconds: a.requestTimeout, tokenizer: a.tokenizer, scriptedHost: a.scriptedHost,
    scriptedMaxModelLen: shared.contextTokens, onNotice: (line) => notices(line),
  });
  let server: ServerRecord;
  try {
    server = checkServer(await readServerInfo(setup.baseUrl, { apiKey }), a.model, shared.contextTokens, setup.baseUrl);
  } catch (error) {
    await setup.close();
    throw error;
  }
  const settings = runSettings(kind, a, shared, setup, server);
  const progress = createProgress(process.stderr, shared.runId);
  notices = (line) => progress.note(line);
  const interrupt = abortOnInterrupt(progress);
  const hooks = progressHooks(progress, interrupt.signal);
  try {
    const summary = shared.engine === null
      ? await runOnSlurm(kind, a, shared, setup, settings, hooks)
      : await runLocally(kind, a, { ...shared, engine: shared.engine }, setup, settings, hooks);
    const reports = summary.reports;
    progress.stop();
    const byStatus = new Map<string, number>();
    for (const status of summary.statuses.values()) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    process.stdout.write(`Run ${shared.runId}: ${[...byStatus].map(([s, n]) => `${s} ${n}`).join(", ")}\n`);
    process.stdout.write(`Protocol: ${describeProtocol(shared.config.protocol)}\n`);
    process.stdout.write(`Predictions: ${summary.layout.predictions}\nTrajectories: ${summary.layout.runDir}/trajs/\n`);
    if (reports !== undefined) process.stdout.write(`${formatRunReport(reports.report)}\nReport written to ${reports.reportPath}\n`);
    if (summary.interrupted) process.exitCode = 130;
  } finally {
    progress.stop();
    interrupt.dispose();
    await setup.close();
  }
}

/** The progress display fed by the run's events. */
function progressHooks(progress: ReturnType<typeof createProgress>, signal: AbortSignal): RunEvents {
  const counts = { done: 0, resolved: 0, errors: 0 };
  const started = Date.now();
  let tokens = 0;
  return {
    signal,
    onNotice: (line: string) => progress.note(line),
    onStart: (total: number, done: number) => {
      counts.done = done;
      progress.start(total, counts);
    },
    onRolloutDone: (result: RolloutResult) => {
      counts.done++;
      tokens += result.completionTokens;
      if (["exit_api", "exit_error", "exit_environment_error"].includes(result.status)) counts.errors++;
      const rate = tokens / Math.max(1, (Date.now() - started) / 1000);
      progress.itemDone(`${result.instanceId} ${result.status} (${result.steps} steps, ${rate.toFixed(0)} tok/s)`, counts);
    },
    onEvaluated: (result: InstanceResult) => {
      if (result.status === "resolved") counts.resolved++;
      progress.note(`evaluated ${result.instance_id}: ${result.status}${result.error === undefined ? "" : ` (${result.error})`}`);
    },
  };
}

function runSettings(kind: Kind, a: ArgvShape, shared: Shared, setup: ModelSetup, server: ServerRecord): RunSettings {
  const { config } = shared;
  const { temperature, topP } = resolveSampling(a, config);
  const modelName = a.modelName ?? (a.model === SCRIPTED_MODEL ? "scripted-sample-solver" : a.model);
  const budget = { contextTokens: shared.contextTokens, maxTokens: a.maxTokens, onOverflow: a.onOverflow, overflowRetries: a.overflowRetries };
  const limits = {
    maxSteps: a.maxSteps ?? config.limits.maxSteps, maxRequeries: config.limits.maxRequeries,
    maxConsecutiveTimeouts: config.tools.maxConsecutiveTimeouts, instanceTimeoutMs: a.instanceTimeout === undefined ? undefined : a.instanceTimeout * 1000, tokenBudget: a.tokenBudget,
    totalExecutionMs: config.tools.totalExecutionTimeoutSeconds * 1000,
  };
  const meta = {
    model: a.model, model_name: modelName, base_url: setup.scripted ? "scripted (built-in)" : setup.baseUrl,
    sampling: { temperature, top_p: topP, max_tokens: a.maxTokens, seed: shared.seed, extra_body: shared.extraBody },
    context_tokens: shared.contextTokens, on_overflow: a.onOverflow, overflow_retries: a.overflowRetries, tokenizer: a.tokenizer,
    limits: { ...limits, instance_timeout_s: a.instanceTimeout ?? null }, request_timeout_s: a.requestTimeout,
    agent_config: { name: config.name, source: config.source, sha256: config.sha256 },
    protocol: { ...config.protocol, summary: describeProtocol(config.protocol) },
    server,
    ...(kind === "run" ? { eval: { workers: a.evalWorkers, timeout_s: a.timeout, generate: a.generate } } : {}),
    ...(a.executor === "slurm" ? { executor: { kind: "slurm", shards: a.shards, task_workers: a.workers } } : {}),
  };
  const containerLimits = { network: a.network, ...optional("memoryBytes", parseBytes(a.memory, "--memory")), ...optional("pidsLimit", a.pidsLimit) };
  return { temperature, topP, modelName, naming: namingFrom(a), containerLimits, budget, limits, meta };
}

function agentRunOptions(kind: Kind, a: ArgvShape, runId: string, settings: RunSettings): AgentRunOptions {
  return {
    kind, dataset: a.dataset, split: a.split, selection: selectionFrom(a), runId, outputDir: a.outputDir,
    workers: a.workers, naming: settings.naming, redo: a.redo, redoErrors: a.redoErrors, meta: settings.meta,
  };
}

/** The plan's agent and eval sections: what either executor runs per instance. */
function jobPlan(kind: Kind, a: ArgvShape, shared: Shared, setup: ModelSetup, settings: RunSettings) {
  const agent = agentPlanFor({
    command: kind, model: a.model, modelName: settings.modelName, baseUrl: setup.baseUrl, scripted: setup.scripted, apiKeyFile: a.apiKeyFile,
    sampling: { temperature: settings.temperature, topP: settings.topP, seed: shared.seed, extraBody: shared.extraBody },
    requestTimeoutSeconds: a.requestTimeout, tokenizer: a.tokenizer, budget: settings.budget, limits: settings.limits,
    agentConfig: { source: shared.config.source, sha256: shared.config.sha256 }, redoErrors: a.redoErrors,
  });
  return { agent, eval: { timeout_seconds: a.timeout ?? 1800, generate: a.generate ?? false, naming: { ...settings.naming }, limits: { ...settings.containerLimits } } };
}

/** The rollouts (and evaluations) on this machine's engine. */
async function runLocally(kind: Kind, a: ArgvShape, shared: Shared & { readonly engine: DockerEngine }, setup: ModelSetup, settings: RunSettings, hooks: RunEvents) {
  const toolkit = sweAgentToolkit(shared.config);
  const rollout = {
    model: setup.model, modelName: settings.modelName, counter: setup.counter, config: shared.config, schemas: toolkit.schemas,
    startTools: toolkit.startTools, budget: settings.budget, limits: settings.limits, messages: toolkit.messages, limitsContainer: settings.containerLimits,
  };
  return runAgents(agentRunOptions(kind, a, shared.runId, settings), {
    ...hooks, ...jobPlan(kind, a, shared, setup, settings), rollout, engine: shared.engine, evalWorkers: a.evalWorkers ?? 2,
    imageBudgetBytes: parseBytes(a.imageBudget, "--image-budget") ?? null,
  });
}

/** The rollouts (and evaluations) as Slurm array tasks; the model must be reachable from the nodes at the plan's base URL. */
function runOnSlurm(kind: Kind, a: ArgvShape, shared: Shared, setup: ModelSetup, settings: RunSettings, hooks: RunEvents) {
  return runSlurmAgents(agentRunOptions(kind, a, shared.runId, settings), jobPlan(kind, a, shared, setup, settings), hooks, slurmSettingsFrom(a, a.workers));
}

async function readApiKeyFile(path: string): Promise<string> {
  const key = (await readFile(path, "utf8").catch((error: unknown) => {
    throw new SeraBenchError(`--api-key-file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  })).trim();
  if (key === "") throw new SeraBenchError(`--api-key-file ${path}: the file is empty`);
  return key;
}
