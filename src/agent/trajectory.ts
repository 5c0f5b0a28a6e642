import { writeJsonAtomic } from "../util/fs-atomic.ts";
import { StepLog } from "./trajectory-log.ts";
import type { ChatMessage, ModelCall, RetryEvent, ToolCall } from "../model/types.ts";
import type { ExitStatus, ToolStepResult } from "./types.ts";
import { optional } from "../util/optional.ts";
import type { LeakGuardInfo } from "./leak-guard.ts";
import type { LeakAttempt } from "./leak-scan.ts";

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
      /** The server's prompt_tokens_details.cached_tokens; absent when it does not send it. */
      readonly cached_prompt_tokens?: number;
      /** "server": the server's usage; "counted": it sent none, prompt tokens are our count, completion tokens an estimate. */
      readonly tokens_source: TokensSource;
      readonly latency_ms: number;
      readonly total_ms: number;
      readonly attempts: number;
      readonly request_id?: string;
      readonly counted_prompt_tokens?: number;
    }
  /** duration_ms: the tool call as the loop waited for it (the command, the state commands, the diff). */
  | { readonly kind: "tool"; readonly at: string; readonly call: ToolCall; readonly result: ToolStepResult; readonly duration_ms?: number }
  | { readonly kind: "requery"; readonly at: string; readonly reason: string; readonly message: string }
  | { readonly kind: "retry"; readonly at: string; readonly event: RetryEvent }
  | { readonly kind: "overflow"; readonly at: string; readonly detail: string; readonly policy: string; readonly attempt: number }
  | { readonly kind: "error"; readonly at: string; readonly message: string };

export type TokensSource = "server" | "counted";

type StepInput = TrajectoryStep extends infer S ? (S extends TrajectoryStep ? Omit<S, "at"> : never) : never;

export interface TrajectoryInfo {
  exit_status: ExitStatus | null;
  exit_message: string | null;
  /** The patch submitted (or autosubmitted); null when empty. */
  submission: string | null;
  /** cached_prompt_tokens: the sum of what the server reported as cached (0 when it never said). */
  model_stats: { prompt_tokens: number; completion_tokens: number; cached_prompt_tokens: number; api_calls: number };
  max_prompt_tokens: number;
  /** What the tools found in the container (testbed python, filemap view). */
  environment?: Readonly<Record<string, unknown>>;
  /** The git clean-up before the rollout (null: --no-leak-guard); absent in older trajectories. */
  leak_guard?: LeakGuardInfo | null;
  /** Commands that tried to reach past base_commit (agent/leak-scan.ts). */
  leak_attempts?: LeakAttempt[];
  /** The protocol's own name for the exit (mini-swe-agent's "Submitted", "LimitsExceeded"...), when it is not ours. */
  protocol_exit_status?: string;
}

export interface TrajectoryHeader {
  readonly instance_id: string;
  readonly run_id: string;
  readonly model: string;
  readonly context_tokens: number;
  /** source: what `replay` loads again (a preset name, a path or a URL). */
  readonly agent_config: { readonly name: string; readonly source: string; readonly sha256: string; readonly protocol: string; readonly kind?: string };
}

/**
 * The tokens of one call: the server's usage; when it sent none, our prompt count (0 without a
 * counter) and the completion estimated at 4 characters a token (content, reasoning, tool calls).
 */
function callUsage(call: ModelCall, counted: number | undefined): { prompt: number; completion: number; cached: number | undefined; source: TokensSource } {
  if (call.usage.reported !== false) {
    return { prompt: call.usage.promptTokens, completion: call.usage.completionTokens, cached: call.usage.cachedPromptTokens, source: "server" };
  }
  const text = [call.content, call.reasoning ?? "", ...call.toolCalls.map((c) => `${c.name}${c.arguments}`)].join("");
  return { prompt: counted ?? 0, completion: Math.ceil(text.length / 4), cached: undefined, source: "counted" };
}

/**
 * `trajs/<instance_id>.traj.json`: written (atomically) when the rollout starts and when it ends; in
 * between, every persist appends what is new to the step log (trajectory-log.ts), so the cost of a
 * step does not grow with the run and a kill loses at most the step in flight. `history` is the
 * conversation as the model saw it; `steps` is everything that happened, including requeries,
 * retries and overflows that are not in the history.
 */
export class Trajectory {
  readonly steps: TrajectoryStep[] = [];
  history: readonly ChatMessage[] = [];
  readonly info: TrajectoryInfo = {
    exit_status: null, exit_message: null, submission: null,
    model_stats: { prompt_tokens: 0, completion_tokens: 0, cached_prompt_tokens: 0, api_calls: 0 }, max_prompt_tokens: 0,
  };
  private readonly startedAt = new Date();
  private finishedAt: Date | undefined;
  readonly #log: StepLog;
  /** What the trajectory file and the log hold so far (undefined before the first persist). */
  #written: { steps: number; history: readonly ChatMessage[] } | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly header: TrajectoryHeader,
  ) {
    this.#log = new StepLog(path);
  }

  record(step: StepInput): void {
    this.steps.push({ ...step, at: new Date().toISOString() } as TrajectoryStep);
  }

  recordModelCall(call: ModelCall, countedPromptTokens: number | undefined): void {
    const usage = callUsage(call, countedPromptTokens);
    const stats = this.info.model_stats;
    stats.prompt_tokens += usage.prompt;
    stats.completion_tokens += usage.completion;
    stats.cached_prompt_tokens += usage.cached ?? 0;
    stats.api_calls += 1;
    this.info.max_prompt_tokens = Math.max(this.info.max_prompt_tokens, usage.prompt, countedPromptTokens ?? 0);
    this.record({
      kind: "model", content: call.content, ...optional("reasoning", call.reasoning),
      tool_calls: call.toolCalls, finish_reason: call.finishReason, prompt_tokens: usage.prompt,
      completion_tokens: usage.completion, ...optional("cached_prompt_tokens", usage.cached), tokens_source: usage.source,
      latency_ms: call.latencyMs, total_ms: call.totalMs, attempts: call.attempts,
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

  /** Saves what happened so far (one at a time, in call order; a failed save is retried by the next). */
  persist(): Promise<void> {
    this.#writing = this.#writing.catch(() => undefined).then(() => this.#save());
    return this.#writing;
  }

  async #save(): Promise<void> {
    if (this.finishedAt !== undefined || this.#written === undefined) {
      await writeJsonAtomic(this.path, this.toJSON(), 1);
      if (this.finishedAt !== undefined) await this.#log.remove();
      else await this.#log.start(this.startedAt.toISOString());
      this.#written = { steps: this.steps.length, history: [...this.history] };
      return;
    }
    const written = this.#written;
    let from = 0;
    while (from < written.history.length && from < this.history.length && written.history[from] === this.history[from]) from++;
    const { info, wall_time_s } = this.toJSON();
    await this.#log.append({ steps: this.steps.slice(written.steps), history_from: from, history: this.history.slice(from), info, wall_time_s });
    this.#written = { steps: this.steps.length, history: [...this.history] };
  }
}
