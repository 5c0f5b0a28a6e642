import { writeJsonAtomic } from "../util/fs-atomic.ts";
import type { ChatMessage, ModelCall, RetryEvent, ToolCall } from "../model/types.ts";
import type { ExitStatus, ToolStepResult } from "./types.ts";
import { optional } from "../util/optional.ts";

export type TrajectoryStep =
  | {
      readonly kind: "model";
      readonly at: string;
      readonly content: string;
      readonly reasoning?: string;
      readonly tool_calls: readonly ToolCall[];
      readonly finish_reason: string;
      readonly prompt_tokens: number;
      readonly completion_tokens: number;
      readonly latency_ms: number;
      readonly total_ms: number;
      readonly attempts: number;
      readonly request_id?: string;
      readonly counted_prompt_tokens?: number;
    }
  | { readonly kind: "tool"; readonly at: string; readonly call: ToolCall; readonly result: ToolStepResult }
  | { readonly kind: "requery"; readonly at: string; readonly reason: string; readonly message: string }
  | { readonly kind: "retry"; readonly at: string; readonly event: RetryEvent }
  | { readonly kind: "overflow"; readonly at: string; readonly detail: string; readonly policy: string; readonly attempt: number }
  | { readonly kind: "error"; readonly at: string; readonly message: string };

type StepInput = TrajectoryStep extends infer S ? (S extends TrajectoryStep ? Omit<S, "at"> : never) : never;

export interface TrajectoryInfo {
  exit_status: ExitStatus | null;
  exit_message: string | null;
  /** The patch submitted (or autosubmitted); null when empty. */
  submission: string | null;
  model_stats: { prompt_tokens: number; completion_tokens: number; api_calls: number };
  max_prompt_tokens: number;
  /** What the tools found in the container (testbed python, filemap view). */
  environment?: Readonly<Record<string, unknown>>;
}

export interface TrajectoryHeader {
  readonly instance_id: string;
  readonly run_id: string;
  readonly model: string;
  readonly context_tokens: number;
  /** source: what `replay` loads again (a preset name, a path or a URL). */
  readonly agent_config: { readonly name: string; readonly source: string; readonly sha256: string; readonly protocol: string };
}

/**
 * `trajs/<instance_id>.traj.json`, rewritten (atomically) after every step, so a kill loses at most
 * the step in flight. `history` is the conversation as the model saw it; `steps` is everything that
 * happened, including requeries, retries and overflows that are not in the history.
 */
export class Trajectory {
  readonly steps: TrajectoryStep[] = [];
  history: readonly ChatMessage[] = [];
  readonly info: TrajectoryInfo = {
    exit_status: null, exit_message: null, submission: null,
    model_stats: { prompt_tokens: 0, completion_tokens: 0, api_calls: 0 }, max_prompt_tokens: 0,
  };
  private readonly startedAt = new Date();
  private finishedAt: Date | undefined;

  constructor(
    private readonly path: string,
    private readonly header: TrajectoryHeader,
  ) {}

  record(step: StepInput): void {
    this.steps.push({ ...step, at: new Date().toISOString() } as TrajectoryStep);
  }

  recordModelCall(call: ModelCall, countedPromptTokens: number | undefined): void {
    const stats = this.info.model_stats;
    stats.prompt_tokens += call.usage.promptTokens;
    stats.completion_tokens += call.usage.completionTokens;
    stats.api_calls += 1;
    this.info.max_prompt_tokens = Math.max(this.info.max_prompt_tokens, call.usage.promptTokens, countedPromptTokens ?? 0);
    this.record({
      kind: "model", content: call.content, ...optional("reasoning", call.reasoning),
      tool_calls: call.toolCalls, finish_reason: call.finishReason, prompt_tokens: call.usage.promptTokens,
      completion_tokens: call.usage.completionTokens, latency_ms: call.latencyMs, total_ms: call.totalMs, attempts: call.attempts,
      ...optional("request_id", call.requestId),
      ...optional("counted_prompt_tokens", countedPromptTokens),
    });
  }

  finish(status: ExitStatus, message: string, submission: string): void {
    this.info.exit_status = status;
    this.info.exit_message = message;
    this.info.submission = submission.trim() === "" ? null : submission;
    this.finishedAt = new Date();
  }

  get steps_count(): number {
    return this.steps.filter((step) => step.kind === "model").length;
  }

  toJSON() {
    const end = this.finishedAt ?? new Date();
    return {
      format: "sera-bench.traj/1",
      ...this.header,
      started_at: this.startedAt.toISOString(),
      finished_at: this.finishedAt?.toISOString() ?? null,
      wall_time_s: (end.getTime() - this.startedAt.getTime()) / 1000,
      info: this.info,
      history: this.history,
      steps: this.steps,
    };
  }

  persist(): Promise<void> {
    return writeJsonAtomic(this.path, this.toJSON(), 1);
  }
}
