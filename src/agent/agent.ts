import type { AssistantMessage, ChatMessage, ConversationCounter, ModelCall, RetryEvent, SystemMessage, ToolCall, UserMessage } from "../model/types.ts";
import { callModel } from "./model-step.ts";
import type { ModelStepInput } from "./model-step.ts";
import type { AgentTools, ExitStatus, ToolStepResult } from "./types.ts";
import { AgentExit } from "./types.ts";
import { TIME_LIMIT_MESSAGE, timeLimitExit } from "./time-limit.ts";
import { optional } from "../util/optional.ts";

/** Re-query texts the loop itself needs (the tools produce the others). */
export interface LoopMessages {
  /** A tool call that could not be read (cut off at max_tokens, broken Hermes block), by where it was written. */
  readonly malformedToolCall: (origin: "native" | "text") => string;
}

export interface AgentLimits {
  /** Model calls per instance, requeries included (SWE-agent's per_instance_call_limit). */
  readonly maxSteps: number;
  /** Failed parses in a row within one step before exit_format (SWE-agent: 3). */
  readonly maxRequeries: number;
  /** Tool timeouts in a row before exit_command_timeout (SWE-agent: 3). */
  readonly maxConsecutiveTimeouts: number;
  /** Wall-clock limit of the rollout, in ms, model calls included (aborted); undefined = none (SWE-agent has none). */
  readonly instanceTimeoutMs: number | undefined;
  /** Prompt + completion tokens over the rollout; undefined = no budget. */
  readonly tokenBudget: number | undefined;
  /** Time spent running tool commands over the rollout (SWE-agent's total_execution_timeout). */
  readonly totalExecutionMs: number;
}

export interface AgentInput extends ModelStepInput {
  readonly tools: AgentTools;
  /** The system and instance messages (first-messages.ts). */
  readonly firstMessages: readonly [SystemMessage, UserMessage];
  readonly limits: AgentLimits;
  readonly messages: LoopMessages;
}

export interface AgentOutcome {
  readonly status: ExitStatus;
  readonly message: string;
  /** The submitted patch, or null when the loop ended otherwise (the caller then takes the diff). */
  readonly submittedPatch: string | null;
  /** The protocol's own name for how it ended, when it has one (mini-swe-agent's "Submitted", "LimitsExceeded"...). */
  readonly protocolStatus?: string;
}

interface LoopState {
  readonly messages: ChatMessage[];
  /** This rollout's prompt counter (it keeps what it counted before). */
  readonly counter: ConversationCounter | undefined;
  consecutiveTimeouts: number;
  executionMs: number;
  readonly deadline: number;
  /** Aborts the model call in flight (and its retry waits) when the instance time limit passes. */
  readonly timeLimit: AbortSignal | undefined;
  /** The model step's input, with the run's signal and the time limit combined. */
  readonly modelInput: ModelStepInput;
  /** The slowest model call the server answered in this rollout, in ms (time-limit.ts). */
  slowestAnsweredMs: number;
}

/**
 * SWE-agent's loop: query, parse one tool call, run it, append the observation; format errors are
 * re-queried with a temporary history (kept in the trajectory, not in the conversation). Ends with a
 * typed outcome; model authentication/not-found errors propagate (they abort the run).
 */
export async function runAgent(input: AgentInput): Promise<AgentOutcome> {
  const timeoutMs = input.limits.instanceTimeoutMs;
  const timeLimit = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const signals = [input.signal, timeLimit].filter((signal) => signal !== undefined);
  const state: LoopState = {
    messages: [...input.firstMessages],
    counter: input.counter?.conversation(),
    consecutiveTimeouts: 0,
    executionMs: 0,
    deadline: timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs,
    timeLimit,
    modelInput: { ...input, ...optional("signal", signals.length > 1 ? AbortSignal.any(signals) : signals[0]) },
    slowestAnsweredMs: 0,
  };
  input.trajectory.history = state.messages;
  await input.trajectory.persist();
  try {
    for (;;) {
      const outcome = await step(input, state);
      await input.trajectory.persist();
      if (outcome !== undefined) return outcome;
    }
  } catch (error) {
    if (error instanceof AgentExit) return { status: error.status, message: error.message, submittedPatch: null };
    throw error;
  }
}

function checkLimits(input: AgentInput, state: LoopState): void {
  const stats = input.trajectory.info.model_stats;
  if (stats.api_calls >= input.limits.maxSteps) throw new AgentExit("exit_cost", "Exit due to cost limit");
  if (Date.now() >= state.deadline) throw new AgentExit("exit_timeout", TIME_LIMIT_MESSAGE);
  const budget = input.limits.tokenBudget;
  if (budget !== undefined && stats.prompt_tokens + stats.completion_tokens >= budget) {
    throw new AgentExit("exit_token_budget", `Exit due to the token budget (${budget} tokens)`);
  }
}

/** One step: returns an outcome when the rollout is over. */
async function step(input: AgentInput, state: LoopState): Promise<AgentOutcome | undefined> {
  let history: readonly ChatMessage[] = state.messages;
  for (let fails = 0; ; ) {
    checkLimits(input, state);
    const call = await timedModelCall(input, state, history);
    const attempt = await actOn(input, call);
    if (attempt.kind === "done") return record(input, state, call, attempt);
    fails++;
    input.trajectory.record({ kind: "requery", reason: attempt.reason, message: attempt.message });
    await input.trajectory.persist();
    if (fails >= input.limits.maxRequeries) throw new AgentExit("exit_format", "Exit due to repeated format/blocklist/bash syntax errors");
    history = [...state.messages, { role: "assistant", content: call.content }, { role: "user", content: attempt.message }];
  }
}

/**
 * A model call under the instance time limit: aborted when it passes (a hung server, long retry
 * waits); whether that is the server's doing or the rollout's is time-limit.ts's rule.
 */
async function timedModelCall(input: AgentInput, state: LoopState, history: readonly ChatMessage[]): Promise<ModelCall> {
  const started = Date.now();
  let lastFailure: RetryEvent | undefined;
  try {
    const call = await callModel(state.modelInput, history, state.counter, (event) => (lastFailure = event));
    state.slowestAnsweredMs = Math.max(state.slowestAnsweredMs, Date.now() - started);
    return call;
  } catch (error) {
    const limitMs = input.limits.instanceTimeoutMs;
    if (state.timeLimit?.aborted === true && input.signal?.aborted !== true && limitMs !== undefined) {
      throw timeLimitExit({ waitedMs: Date.now() - started, slowestAnsweredMs: state.slowestAnsweredMs, lastFailure, limitMs }, error);
    }
    throw error;
  }
}

type Attempt =
  | { readonly kind: "done"; readonly toolCall: ToolCall; readonly result: ToolStepResult; readonly durationMs: number }
  | { readonly kind: "requery"; readonly reason: string; readonly message: string };

async function actOn(input: AgentInput, call: ModelCall): Promise<Attempt> {
  if (call.malformedToolCalls.length > 0) return { kind: "requery", reason: "malformed", message: input.messages.malformedToolCall(call.toolCallFormat ?? "native") };
  const started = performance.now();
  const result = await input.tools.execute(call.toolCalls);
  const durationMs = Math.round(performance.now() - started);
  if (result.kind === "requery") return { kind: "requery", reason: result.reason, message: result.message };
  if (result.kind === "error") throw new AgentExit(result.environment ? "exit_environment_error" : "exit_error", result.message);
  return { kind: "done", toolCall: call.toolCalls[0] as ToolCall, result, durationMs };
}

function record(input: AgentInput, state: LoopState, call: ModelCall, done: Extract<Attempt, { kind: "done" }>): AgentOutcome | undefined {
  const { toolCall, result } = done;
  input.trajectory.record({ kind: "tool", call: toolCall, result, duration_ms: done.durationMs });
  const assistant: AssistantMessage = { role: "assistant", content: call.content, tool_calls: [toolCall] };
  if (result.kind === "submitted") {
    state.messages.push(assistant);
    return { status: "submitted", message: "Submitted", submittedPatch: result.patch ?? "" };
  }
  if (result.kind === "exit") throw new AgentExit("exited", "Exited");
  if (result.kind !== "observation") return undefined;
  state.messages.push(assistant, { role: "tool", content: result.message, tool_call_id: toolCall.id });
  state.consecutiveTimeouts = result.timedOut ? state.consecutiveTimeouts + 1 : 0;
  state.executionMs += result.durationMs;
  if (state.executionMs > input.limits.totalExecutionMs) throw new AgentExit("exit_total_execution_time", "Exit due to total execution time exceeded");
  if (state.consecutiveTimeouts >= input.limits.maxConsecutiveTimeouts) {
    throw new AgentExit("exit_command_timeout", "Exit due to multiple consecutive command timeouts");
  }
  return undefined;
}
