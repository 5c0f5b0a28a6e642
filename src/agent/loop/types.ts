import type { ToolCall } from "../model/types.ts";

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

/** Statuses that say the harness or the server failed, not the model: `--redo-errors` re-runs them. */
export const ERROR_STATUSES: readonly ExitStatus[] = ["exit_api", "exit_environment_error", "exit_error"];

/** What one tool call did, as the tools report it (see src/agent/tools). */
export type ToolStepResult =
  | { readonly kind: "observation"; readonly message: string; readonly exitCode: number | null; readonly durationMs: number; readonly timedOut: boolean }
  | { readonly kind: "requery"; readonly message: string; readonly reason: "format" | "blocked" | "syntax" }
  | { readonly kind: "submitted"; readonly patch: string }
  | { readonly kind: "exit" };

/** The tool side as the loop sees it. */
export interface AgentTools {
  execute(call: ToolCall): Promise<ToolStepResult>;
  /** The repository's current diff against the base commit (what an autosubmission submits). */
  diff(): Promise<string>;
  close(): Promise<void>;
}

/** Ends the loop from anywhere below it, carrying the exit status. */
export class AgentExit extends Error {
  override readonly name = "AgentExit";
  constructor(
    readonly status: ExitStatus,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
