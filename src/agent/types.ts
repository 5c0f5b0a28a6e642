import type { Instance } from "../dataset/row.ts";
import type { Model, TokenCounter, ToolCall } from "../model/types.ts";
import type { AgentLimits, AgentOutcome } from "./agent.ts";
import type { ContextBudget } from "./model-step.ts";
import type { Trajectory } from "./trajectory.ts";
import type { AgentConfig } from "../protocol/schema.ts";
import type { Sandbox } from "../sandbox/types.ts";
import type { ToolStepResult } from "../tools/swe-agent-tools.ts";
import { SeraBenchError } from "../util/errors.ts";

export type { ToolStepResult } from "../tools/swe-agent-tools.ts";

/**
 * How a rollout ended, in SWE-agent's vocabulary (plus exit_timeout for our wall-clock limit and
 * exit_token_budget for the token budget). Every status except `submitted` autosubmits the diff.
 */
export const EXIT_STATUSES = [
  "submitted",
  "exit_context",
  "exit_cost",
  "exit_format",
  "exit_command_timeout",
  "exit_total_execution_time",
  "exit_timeout",
  "exit_token_budget",
  "exit_api",
  "exit_environment_error",
  "exit_error",
  "exited",
] as const;
export type ExitStatus = (typeof EXIT_STATUSES)[number];

/**
 * Whose doing an exit status is. The model's: `submitted`, `exited` (it called exit), `exit_context`
 * (its conversation outgrew the context), `exit_format` (repeated malformed calls), `exit_cost` (the
 * step limit), `exit_command_timeout` / `exit_total_execution_time` (the commands it chose ran too
 * long), `exit_timeout` and `exit_token_budget` (the limits the run set for every rollout): the patch
 * is graded (an empty one is an empty patch). The infrastructure's (these, ERROR_STATUSES):
 * `exit_api` (the model server failed after retries, or did not answer a call within the instance
 * time limit: time-limit.ts), `exit_environment_error` (the container or the
 * engine failed), `exit_error` (any other harness or server failure, e.g. a 400 on every request):
 * the instance is an error, never graded, and a plain re-run retries it.
 */
export const ERROR_STATUSES: readonly ExitStatus[] = ["exit_api", "exit_environment_error", "exit_error"];

/** The rollout ended because the harness or the server failed, not the model (see ERROR_STATUSES). */
export function isErrorStatus(status: string | null | undefined): boolean {
  return ERROR_STATUSES.includes(status as ExitStatus);
}

/** The tool side as the loop sees it. */
export interface AgentTools {
  /** The tool calls of one model reply (the tools re-query unless there is exactly one). */
  execute(calls: readonly ToolCall[]): Promise<ToolStepResult>;
  /** The repository's current diff (what an autosubmission submits). */
  diff(): Promise<string>;
  /** The diff as last taken after a step (kept on the host): the patch when diff() fails because the container is gone. */
  lastDiff?(): string | undefined;
  /** What the tools found in the container (e.g. the testbed Python and the editor's view), for the trajectory. */
  describeEnvironment?(): Readonly<Record<string, unknown>>;
  close(): void;
}

/** Starts the tools in a fresh container (see src/tools). */
export type ToolsFactory = (sandbox: Sandbox, instance: Instance, config: AgentConfig) => Promise<AgentTools>;

/** Ends the loop from anywhere below it, carrying the exit status. */
export class AgentExit extends SeraBenchError {
  override readonly name = "AgentExit";
  constructor(
    readonly status: ExitStatus,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What an agent gets for one instance: its container, the model, the limits and the trajectory it writes. */
export interface AgentRunInput {
  readonly instance: Instance;
  readonly sandbox: Sandbox;
  readonly model: Model;
  readonly counter: TokenCounter | undefined;
  readonly budget: ContextBudget;
  readonly limits: AgentLimits;
  readonly trajectory: Trajectory;
  /** Where the trajectory is written: an agent may save its own record beside it (mini's <id>.traj.json). */
  readonly trajectoryPath: string;
  readonly signal?: AbortSignal;
}

/** An agent started in a container: run its loop once, and what the rollout needs around it. */
export interface AgentSession {
  /** The loop until it ends (exit status, message, the submitted patch or null). */
  run(): Promise<AgentOutcome>;
  /** The patch when the loop did not submit one (SWE-agent: the diff it autosubmits; mini: none, ""). */
  diff(): Promise<string>;
  /** The diff as last taken after a step, when diff() fails because the container is gone. */
  lastDiff?(): string | undefined;
  /** What the agent found in the container, for the trajectory. */
  describeEnvironment?(): Readonly<Record<string, unknown>> | undefined;
  close(): void;
}

/**
 * An agent protocol behind the rollout: SWE-agent's function-calling loop with its tools
 * (agent/swe-agent.ts) or mini-swe-agent's bash-only loop (agent/mini/). The rollout starts the
 * container, starts the agent in it, runs it, and saves the patch and the trajectory.
 */
export interface Agent {
  readonly kind: "swe-agent" | "mini-swe-agent";
  start(input: AgentRunInput): Promise<AgentSession>;
}
