import { readFile } from "node:fs/promises";
import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import type { RolloutResult } from "../../run/jobs/rollout.ts";
import { loadRunProtocol } from "../../protocol/load.ts";
import { isMiniConfig } from "../../protocol/schema.ts";
import type { MiniPlay } from "../../model/scripted/mini-play.ts";
import type { AnyAgentConfig } from "../../protocol/schema.ts";
import { checkServer, windowCheckSkipped } from "../../model/server-info.ts";
import type { ServerRecord } from "../../model/server-info.ts";
import { describeProtocol } from "../../protocol/texts.ts";
import { identityOfConfig } from "../../protocol/identity-of.ts";
import { protocolDetail, type ProtocolIdentity } from "../../protocol/identity.ts";
import { parseExtraBody, resolveSampling, protocolExtraBody } from "../sampling.ts";
import { parseContextLength } from "../context-length.ts";
import { setupModel, SCRIPTED_MODEL } from "../../model/setup.ts";
import type { ModelSetup } from "../../model/setup.ts";
import { runAgentsOn } from "../../executor/executors.ts";
import type { ExecutorChoice } from "../../executor/executors.ts";
import type { PlanFile } from "../../run/plan-file.ts";
import type { AgentPlan } from "../../run/jobs/agent-plan.ts";
import type { ResumedCounts, RunEvents } from "../../run/events.ts";
import type { AgentRunOptions } from "../../run/agent-run.ts";
import { evalPlanOf } from "../../run/eval-run.ts";
import type { EvalScriptRules } from "../../evaluation/spec/eval-script.ts";
import type { InstanceResult } from "../../evaluation/outcome.ts";
import { agentPlanFor } from "../../run/jobs/agent-plan.ts";
import { formatRunReport } from "../../run/files/official-report.ts";
import { withAgentOptions } from "../agent-options.ts";
import { executorFrom, withAgentExecutorOptions } from "../executor-options.ts";
import type { ExecutorArgv } from "../executor-options.ts";
import { formatFlakeSummary } from "../../run/files/flake-list.ts";
import { containerLimitsFrom, EVAL_SCRIPTS_OPTION, namingFrom, parseBytes, repeatOption, selectionFrom, withContainerOptions, withDatasetOptions, withImageOptions, wholeNumber } from "../options.ts";
import { abortOnInterrupt } from "../interrupt.ts";
import { createProgress } from "../progress.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { optional } from "../../util/optional.ts";
import { isErrorStatus } from "../../agent/types.ts";
import { REDO_ERRORS_RETIRED } from "../agent-options.ts";
import { costSettingsFrom, withCostOptions, type CostArgv } from "../cost-options.ts";

type Kind = "infer" | "run";

export function inferCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) => withCostOptions(withContainerOptions(withAgentExecutorOptions(withAgentOptions(withImageOptions(withDatasetOptions(y))))))
      .example("$0 infer -d sample --model scripted --run-id demo-infer", "the built-in scripted model on the sample")
      .example("$0 infer -d verified --model allenai/SERA-32B --base-url http://127.0.0.1:8000/v1 --context 32k --run-id sera-32k --seeds 3", "SERA-32B at 32K, three seeds"),
    (argv) => handle("infer", argv),
  );
}

export function runCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) => withCostOptions(withContainerOptions(withAgentExecutorOptions(withAgentOptions(withImageOptions(withDatasetOptions(y))))))
      .option("eval-workers", { type: "number", default: 2, describe: "evaluations at once" })
      .option("timeout", { alias: "t", type: "number", default: 1800, describe: "seconds allowed for each eval script" })
      .option("generate", { type: "boolean", default: false, describe: "generate eval scripts from harness/specs" })
      .option("eval-scripts", EVAL_SCRIPTS_OPTION)
      .option("eval-repeat", { type: "number", default: 1, describe: "evaluate each patch N times, each in a fresh container (as eval --repeat)" })
      .example("$0 run -d sample --model scripted --run-id demo", "the whole pipeline on the sample (scripted model)")
      .example("$0 run -d flaky --model scripted --run-id demo-flaky --eval-repeat 8", "each patch evaluated 8 times: stable or flaky")
      .example("$0 run -d verified --model allenai/SERA-32B --base-url http://127.0.0.1:8000/v1 --context 64k --run-id sera-64k -w 8 --eval-workers 4", "SERA-32B at 64K")
      .example("$0 run -d verified --model allenai/SERA-32B --base-url http://gpu01:8000/v1 --run-id sera-slurm --executor slurm --shards 16 -w 4", "as Slurm array tasks"),
    (argv) => handle("run", argv),
  );
}

/** The parsed flags (yargs camel-cases them); validated where they are used. */
async function handle(kind: Kind, argv: unknown): Promise<void> {
  const a = argv as ArgvShape;
  const seeds = a.seeds;
  wholeNumber("--seeds", seeds);
  wholeNumber("--workers", a.workers);
  if (a.evalWorkers !== undefined) wholeNumber("--eval-workers", a.evalWorkers);
  if (a.redoErrors === true) process.stderr.write(`${REDO_ERRORS_RETIRED}\n`);
  const config = await loadRunProtocol(a.agentConfig, a.model === SCRIPTED_MODEL);
  process.stderr.write(`Protocol: ${describeProtocol(config.protocol)}\n`);
  const contextTokens = parseContextLength(a.context);
  const extraBody = protocolExtraBody(config, parseExtraBody(a.extraBody));
  if (a.executor === "slurm" && a.apiKey !== undefined) {
    throw new SeraBenchError("--api-key cannot be used with --executor slurm (it would have to travel to the nodes): export OPENAI_API_KEY (Slurm passes the environment to the tasks) or pass --api-key-file PATH readable on the nodes");
  }
  const executor = executorFrom(a, a.workers);
  costSettingsFrom(a); // bad values fail before any rollout
  for (let k = 1; k <= seeds; k++) {
    const seed = seeds === 1 ? a.samplingSeed : (a.samplingSeed ?? 1) + k - 1;
    const runId = seeds === 1 ? a.runId : `${a.runId}-s${k}`;
    await oneRun(kind, a, { config, contextTokens, extraBody, executor, seed, runId });
    if (process.exitCode === 130) return;
  }
}

interface ArgvShape extends ExecutorArgv, CostArgv {
  dataset: string; split: string; runId: string; model: string; modelName?: string; baseUrl?: string; apiKey?: string;
  temperature?: number; topP?: number; maxTokens?: number; samplingSeed?: number; seeds: number; seed: number; extraBody?: string;
  requestTimeout: number; context: string; onOverflow: "autosubmit" | "retry"; overflowRetries: number;
  tokenizer: "auto" | "local" | "server" | "none"; agentConfig?: string; maxSteps?: number; instanceTimeout?: number;
  tokenBudget?: number; workers: number; outputDir: string; redo: boolean; redoChanged: boolean; redoErrors?: boolean; network: string;
  memory?: string; pidsLimit?: number; agentMemory: string; agentPidsLimit: string; agentNetwork?: string; leakGuard: boolean; evalWorkers?: number; timeout?: number; generate?: boolean; evalScripts?: EvalScriptRules; evalRepeat?: number;
  instanceIds?: string[]; repos?: string[]; subset?: string; limit?: number; shuffle: boolean;
  namespace?: string; imageTemplate?: string; imageTag: string; arch: string; apiKeyFile?: string; scriptedHost: string;
}

interface Shared {
  readonly config: AnyAgentConfig;
  readonly contextTokens: number;
  readonly extraBody: Record<string, unknown> | undefined;
  readonly executor: ExecutorChoice;
  readonly seed: number | undefined;
  readonly runId: string;
}

/** Resolved once per run: what run.json records and what runs per instance (the plan's sections). */
interface RunSettings {
  readonly naming: ReturnType<typeof namingFrom>;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly protocol: ProtocolIdentity;
  readonly jobs: { readonly agent: AgentPlan; readonly eval: PlanFile["eval"] };
}

async function oneRun(kind: Kind, a: ArgvShape, shared: Shared): Promise<void> {
  const { temperature, topP } = resolveSampling(a, shared.config);
  const apiKey = a.apiKey ?? (a.apiKeyFile === undefined ? undefined : await readApiKeyFile(a.apiKeyFile));
  let notices = (line: string): void => void process.stderr.write(`${line}\n`);
  const setup = await setupModel({
    model: a.model, baseUrl: a.baseUrl, apiKey, temperature, topP, maxTokens: a.maxTokens, seed: shared.seed,
    extraBody: shared.extraBody, requestTimeoutSeconds: a.requestTimeout, tokenizer: a.tokenizer, scriptedHost: a.scriptedHost,
    scriptedMaxModelLen: shared.contextTokens, onNotice: (line) => notices(line), ...optional("scriptedPlay", scriptedPlayOf(shared.config)),
  });
  let server: ServerRecord;
  try {
    server = checkServer(setup.server, a.model, shared.contextTokens, setup.baseUrl);
  } catch (error) {
    await setup.close();
    throw error;
  }
  const skipped = windowCheckSkipped(server, shared.contextTokens);
  if (skipped !== undefined) process.stderr.write(`${skipped}\n`);
  const settings = runSettings(kind, a, shared, setup, server);
  const progress = createProgress(process.stderr, shared.runId);
  notices = (line) => progress.note(line);
  const interrupt = abortOnInterrupt(progress);
  const hooks = progressHooks(progress, interrupt.signal, shared.executor.kind === "local" ? a.workers : undefined);
  try {
    const local = { config: shared.config, model: setup.model, counter: setup.counter, evalWorkers: a.evalWorkers ?? 2 };
    const summary = await runAgentsOn(shared.executor, agentRunOptions(kind, a, shared.runId, settings), settings.jobs, local, hooks);
    const reports = summary.reports;
    progress.stop();
    process.stdout.write(`${runLine(shared.runId, summary.statuses, summary.interrupted)}\n`);
    const errors = [...summary.statuses.values()].filter(isErrorStatus).length;
    if (errors > 0) process.stdout.write(`Errors: ${errors} rollout(s) ended because the harness, the engine or the model server failed (not the model); re-run the same command to retry them\n`);
    process.stdout.write(`Protocol: ${describeProtocol(shared.config.protocol)}; ${protocolDetail(settings.protocol)}\n`);
    process.stdout.write(`Predictions: ${summary.layout.predictions}\nTrajectories: ${summary.layout.runDir}/trajs/\n`);
    if (reports !== undefined) process.stdout.write(`${formatRunReport(reports.report)}\nReport written to ${reports.reportPath}\n`);
    if (reports?.flakes !== undefined) process.stdout.write(`${formatFlakeSummary(reports.flakes)}\n`);
    if (summary.interrupted) process.exitCode = 130;
  } finally {
    progress.stop();
    interrupt.dispose();
    await setup.close();
  }
}

/** `Run <id>: submitted 4, exit_cost 1`: the exit statuses of the finished rollouts (none, when a stop came first). */
function runLine(runId: string, statuses: ReadonlyMap<string, string>, interrupted: boolean): string {
  const byStatus = new Map<string, number>();
  for (const status of statuses.values()) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  const counts = byStatus.size === 0 ? "no rollout finished" : [...byStatus].map(([s, n]) => `${s} ${n}`).join(", ");
  return `Run ${runId}: ${counts}${interrupted ? " (interrupted: re-run the same command to resume)" : ""}`;
}

/** The progress display fed by the run's events. */
function progressHooks(progress: ReturnType<typeof createProgress>, signal: AbortSignal, concurrency: number | undefined): RunEvents {
  const counts = { done: 0, resolved: 0, errors: 0 };
  const started = Date.now();
  let tokens = 0;
  return {
    signal,
    onNotice: (line: string) => progress.note(line),
    onStart: (total: number, resumed: ResumedCounts) => {
      Object.assign(counts, resumed);
      progress.start(total, counts, concurrency);
    },
    onRolloutDone: (result: RolloutResult) => {
      counts.done++;
      tokens += result.completionTokens;
      if (isErrorStatus(result.status)) counts.errors++;
      const rate = tokens / Math.max(1, (Date.now() - started) / 1000);
      progress.itemDone(`${result.instanceId} ${result.status} (${result.steps} steps, ${rate.toFixed(0)} tok/s)`, counts, result.wallTimeS);
    },
    onEvaluated: (result: InstanceResult) => {
      if (result.status === "resolved") counts.resolved++;
      progress.note(`evaluated ${result.instance_id}: ${result.status}${result.error === undefined ? "" : ` (${result.error})`}`);
    },
    onRepeatEvaluated: (result: InstanceResult, k: number, of: number) => {
      progress.note(`evaluation ${k}/${of} of ${result.instance_id}: ${result.status}${result.error === undefined ? "" : ` (${result.error})`}`);
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
    ...toolLimits(config), instanceTimeoutMs: a.instanceTimeout === undefined ? undefined : a.instanceTimeout * 1000, tokenBudget: a.tokenBudget,
  };
  const container = agentContainerFrom(a);
  const meta = {
    model: a.model, model_name: modelName, base_url: setup.scripted ? "scripted (built-in)" : setup.baseUrl,
    sampling: { temperature, top_p: topP, max_tokens: a.maxTokens, seed: shared.seed, extra_body: shared.extraBody },
    context_tokens: shared.contextTokens, on_overflow: a.onOverflow, overflow_retries: a.overflowRetries, tokenizer: a.tokenizer,
    limits: { ...limits, instance_timeout_s: a.instanceTimeout ?? null }, request_timeout_s: a.requestTimeout,
    agent_container: { memory_bytes: container.memoryBytes ?? null, pids_limit: container.pidsLimit ?? null, network: container.network },
    leak_guard: a.leakGuard,
    agent_config: { name: config.name, source: config.source, sha256: config.sha256 },
    protocol: { ...config.protocol, summary: describeProtocol(config.protocol), ...(config.identity === undefined ? {} : { identity: config.identity }) },
    server,
    // --gpus, --gpu-hour-usd, --price: what `report` prices the run with when not told otherwise.
    ...(Object.keys(costSettingsFrom(a)).length === 0 ? {} : { cost: costSettingsFrom(a) }),
    ...(kind === "run" ? { eval: { workers: a.evalWorkers, timeout_s: a.timeout, generate: a.generate, eval_scripts: a.evalScripts ?? "current", repeat: repeatOption("--eval-repeat", a.evalRepeat) } } : {}),
    ...(a.executor === "slurm" ? { executor: { kind: "slurm", shards: a.shards, task_workers: a.workers } } : {}),
  };
  const naming = namingFrom(a);
  const agent = agentPlanFor({
    command: kind, model: a.model, modelName, baseUrl: setup.baseUrl, scripted: setup.scripted, apiKeyFile: a.apiKeyFile,
    sampling: { temperature, topP, seed: shared.seed, extraBody: shared.extraBody }, requestTimeoutSeconds: a.requestTimeout, tokenizer: a.tokenizer,
    budget, limits, agentConfig: { source: config.source, sha256: config.sha256 },
    container, leakGuard: a.leakGuard, price: costSettingsFrom(a).price,
  });
  const evalPlan = evalPlanOf({ timeoutSeconds: a.timeout ?? 1800, generate: a.generate ?? false, evalScripts: a.evalScripts ?? "current", naming, limits: containerLimitsFrom(a), repeat: repeatOption("--eval-repeat", a.evalRepeat) });
  return { naming, meta, protocol: identityOfConfig(config), jobs: { agent, eval: evalPlan } };
}

function agentRunOptions(kind: Kind, a: ArgvShape, runId: string, settings: RunSettings): AgentRunOptions {
  return {
    kind, dataset: a.dataset, split: a.split, selection: selectionFrom(a), runId, outputDir: a.outputDir,
    workers: a.workers, naming: settings.naming, redo: a.redo, redoChanged: a.redoChanged, meta: settings.meta, protocol: settings.protocol,
  };
}

/** --agent-memory / --agent-pids-limit ('none': no limit). */
function agentContainerFrom(a: ArgvShape): { memoryBytes: number | undefined; pidsLimit: number | undefined; network: string } {
  const memoryBytes = a.agentMemory === "none" ? undefined : parseBytes(a.agentMemory, "--agent-memory");
  const pids = a.agentPidsLimit === "none" ? undefined : Number(a.agentPidsLimit);
  if (pids !== undefined && !(Number.isInteger(pids) && pids >= 1)) throw new SeraBenchError(`--agent-pids-limit: expected a whole number >= 1 or 'none', got ${JSON.stringify(a.agentPidsLimit)}`);
  return { memoryBytes, pidsLimit: pids, network: a.agentNetwork ?? a.network };
}

async function readApiKeyFile(path: string): Promise<string> {
  const key = (await readFile(path, "utf8").catch((error: unknown) => {
    throw new SeraBenchError(`--api-key-file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  })).trim();
  if (key === "") throw new SeraBenchError(`--api-key-file ${path}: the file is empty`);
  return key;
}

/** The SWE-agent tools' limits (mini-swe-agent has neither: its commands run under the config's time-out, with no total). */
function toolLimits(config: AnyAgentConfig): { maxConsecutiveTimeouts: number; totalExecutionMs: number } {
  if (isMiniConfig(config)) return { maxConsecutiveTimeouts: Number.MAX_SAFE_INTEGER, totalExecutionMs: Number.MAX_SAFE_INTEGER };
  return { maxConsecutiveTimeouts: config.tools.maxConsecutiveTimeouts, totalExecutionMs: config.tools.totalExecutionTimeoutSeconds * 1000 };
}

/** How the built-in scripted model answers under a mini-swe-agent protocol: its reply format and its submit command. */
function scriptedPlayOf(config: AnyAgentConfig): MiniPlay | undefined {
  if (!isMiniConfig(config)) return undefined;
  const p = config.mini;
  if (p.submitCommand === undefined) throw new SeraBenchError(`${config.source}: the instance template names no submit command (a line with ${p.finishMarkers.join(" or ")}): the scripted model cannot play it`);
  const toolName = (p.bashTool?.function as { name?: unknown } | undefined)?.name;
  const patchFile = /\bcat\s+(\S+)\s*$/.exec(p.submitCommand)?.[1];
  return { format: p.major === "1" ? "text" : "tool", toolName: typeof toolName === "string" ? toolName : "bash", submitCommand: p.submitCommand, ...optional("patchFile", patchFile) };
}
