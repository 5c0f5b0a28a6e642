import type { Instance } from "../../dataset/row.ts";
import { writeJsonAtomic } from "../../util/fs-atomic.ts";
import type { ContainerLimits, Sandbox, SandboxEngine } from "../../sandbox/types.ts";
import { instanceContainerSpec } from "../../sandbox/labels.ts";
import { SandboxError } from "../../sandbox/types.ts";
import type { AnyAgentConfig } from "../../protocol/schema.ts";
import { WORKING_DIR } from "../../agent/first-messages.ts";
import { ModelAuthError, ModelNotFoundError, ModelUnreachableError } from "../../model/errors.ts";
import type { Model } from "../../model/types.ts";
import type { AgentLimits, AgentOutcome } from "../../agent/agent.ts";
import type { ContextBudget, TokenCounter } from "../../agent/model-step.ts";
import { Trajectory } from "../../agent/trajectory.ts";
import type { Agent, AgentSession, ExitStatus } from "../../agent/types.ts";
import { optional } from "../../util/optional.ts";
import { runLeakGuard } from "../../agent/leak-guard.ts";
import { scanLeakAttempts } from "../../agent/leak-scan.ts";
import { OutputWriteError } from "../../util/write-errors.ts";
import type { BackgroundRemovals } from "../../sandbox/removals.ts";

export interface RolloutContext {
  readonly engine: SandboxEngine;
  readonly model: Model;
  readonly modelName: string;
  readonly counter: TokenCounter | undefined;
  readonly config: AnyAgentConfig;
  /** The protocol's agent (agent/swe-agent.ts, agent/mini/): started in the container, run once. */
  readonly agent: Agent;
  readonly budget: ContextBudget;
  readonly limits: AgentLimits;
  readonly runId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly limitsContainer: ContainerLimits;
  /** Remove what could show commits past base_commit before the agent starts (off: --no-leak-guard). */
  readonly leakGuard: boolean;
  readonly signal?: AbortSignal;
  /** The run's background removals: the container is removed off the critical path (default: removed before this returns). */
  readonly removals?: BackgroundRemovals;
}

export interface RolloutPaths {
  readonly trajectory: string;
  readonly prediction: string;
}

export interface RolloutResult {
  readonly instanceId: string;
  readonly status: ExitStatus;
  readonly message: string;
  readonly patch: string;
  readonly steps: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly wallTimeS: number;
}

/**
 * One instance: container, tools, agent loop, then the patch — taken from the container on every
 * exit path (submit, limits, errors, an abort of the run) and saved before the container is removed;
 * when the container is gone, the last diff the tools took after a step.
 */
export async function rolloutInstance(instance: Instance, image: string, ctx: RolloutContext, paths: RolloutPaths): Promise<RolloutResult> {
  const trajectory = new Trajectory(paths.trajectory, {
    instance_id: instance.instance_id, run_id: ctx.runId, model: ctx.modelName, context_tokens: ctx.budget.contextTokens,
    agent_config: {
      name: ctx.config.name, source: ctx.config.source, sha256: ctx.config.sha256, protocol: ctx.config.protocol.status,
      ...(ctx.agent.kind === "swe-agent" ? {} : { kind: ctx.agent.kind }),
    },
  });
  let sandbox: Sandbox | undefined;
  let tools: AgentSession | undefined;
  let outcome: AgentOutcome = { status: "exit_error", message: "the rollout did not start", submittedPatch: null };
  let patch = "";
  try {
    // A server the pre-flight never reached, still unreachable: the run stops before any container.
    await ctx.model.ensureReachable?.(ctx.signal);
    sandbox = await startAgentContainer(instance, image, ctx);
    trajectory.info.leak_guard = ctx.leakGuard ? await runLeakGuard(sandbox) : null;
    tools = await ctx.agent.start({
      instance, sandbox, model: ctx.model, counter: ctx.counter, budget: ctx.budget, limits: ctx.limits, trajectory,
      trajectoryPath: paths.trajectory, ...optional("signal", ctx.signal),
    });
    const environment = tools.describeEnvironment?.();
    if (environment !== undefined) trajectory.info.environment = environment;
    outcome = await tools.run();
  } catch (error) {
    // The run's folder refuses writes (disk full): nothing can be saved, the run stops.
    if (error instanceof OutputWriteError) throw error;
    outcome = failure(error);
    trajectory.record({ kind: "error", message: outcome.message });
    if (!(error instanceof SandboxError) && isRunAbort(error)) {
      patch = await takeDiff(tools, trajectory);
      await finish(trajectory, outcome, patch, paths, ctx, instance);
      throw error;
    }
  } finally {
    if (outcome.submittedPatch === null && patch === "") patch = await takeDiff(tools, trajectory);
    tools?.close();
    if (sandbox !== undefined && ctx.removals !== undefined) ctx.removals.add(sandbox);
    else await sandbox?.remove().catch(() => undefined);
  }
  if (outcome.submittedPatch !== null) patch = outcome.submittedPatch;
  return finish(trajectory, outcome, patch, paths, ctx, instance);
}

/** A fresh container of the instance image for an agent (root, in /testbed), labelled for this run. */
export async function startAgentContainer(
  instance: Instance, image: string,
  ctx: Pick<RolloutContext, "engine" | "runId" | "labels" | "limitsContainer">,
): Promise<Sandbox> {
  const pulled = await ctx.engine.ensureImage(image);
  if (!pulled.ok) throw new SandboxError(pulled.reason);
  return ctx.engine.create(instanceContainerSpec({
    role: "agent", instanceId: instance.instance_id, runId: ctx.runId, image, labels: ctx.labels, workdir: WORKING_DIR, limits: ctx.limitsContainer,
  }));
}

/** A model authentication or not-found error, or a server never reached: the whole run stops (after saving this instance). */
function isRunAbort(error: unknown): boolean {
  return error instanceof ModelAuthError || error instanceof ModelNotFoundError || error instanceof ModelUnreachableError;
}

function failure(error: unknown): AgentOutcome {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SandboxError) return { status: "exit_environment_error", message: `Exit due to environment error: ${message}`, submittedPatch: null };
  if (error instanceof ModelUnreachableError) return { status: "exit_api", message: `Exit due to the model server: ${message}`, submittedPatch: null };
  return { status: "exit_error", message: `Exit due to unknown error: ${message}`, submittedPatch: null };
}

async function takeDiff(tools: AgentSession | undefined, trajectory: Trajectory): Promise<string> {
  if (tools === undefined) return "";
  try {
    return await tools.diff();
  } catch (error) {
    const last = tools.lastDiff?.() ?? "";
    const kept = last.trim() === "" ? "" : "; the patch is the last diff, taken after the last step";
    trajectory.record({ kind: "error", message: `could not take the diff: ${error instanceof Error ? error.message : String(error)}${kept}` });
    return last;
  }
}

async function finish(trajectory: Trajectory, outcome: AgentOutcome, patch: string, paths: RolloutPaths, ctx: RolloutContext, instance: Instance): Promise<RolloutResult> {
  trajectory.info.leak_attempts = scanLeakAttempts(trajectory.steps, instance);
  if (outcome.protocolStatus !== undefined) trajectory.info.protocol_exit_status = outcome.protocolStatus;
  trajectory.finish(outcome.status, outcome.message, patch);
  await trajectory.persist();
  const prediction = { instance_id: instance.instance_id, model_name_or_path: ctx.modelName, model_patch: patch };
  await writeJsonAtomic(paths.prediction, prediction, 0);
  const json = trajectory.toJSON();
  const stats = json.info.model_stats;
  return {
    instanceId: instance.instance_id, status: outcome.status, message: outcome.message, patch,
    steps: stats.api_calls, promptTokens: stats.prompt_tokens, completionTokens: stats.completion_tokens, wallTimeS: json.wall_time_s,
  };
}
