import type { AssistantMessage, ChatMessage, ModelCall, ToolCall, ToolSchema } from "../../model/types.ts";
import type { MiniProtocol } from "../../protocol/mini/protocol.ts";
import { optional } from "../../util/optional.ts";
import type { AgentOutcome } from "../agent.ts";
import { callModel } from "../model-step.ts";
import type { ModelStepInput } from "../model-step.ts";
import type { AgentRunInput, ExitStatus } from "../types.ts";
import { AgentExit } from "../types.ts";
import { callCost } from "./cost.ts";
import type { TokenPrice } from "./cost.ts";
import { runMiniCommand, submissionOf } from "./shell.ts";
import type { MiniExec } from "./shell.ts";
import { miniFirstMessages, renderFormatErrorV1, renderFormatErrorV2, renderObservation, renderTimeoutV1 } from "./texts.ts";
import type { MiniCounters } from "./texts.ts";

/** A message of mini's own record (its traj.json): role and content, plus the tool-call fields in v2. */
export type MiniMessage = { role: string; content: string; tool_calls?: ToolCall[]; tool_call_id?: string };

export interface MiniLoopInput extends AgentRunInput {
  readonly protocol: MiniProtocol;
  readonly price: TokenPrice | undefined;
  /** Every message as mini's agent keeps it (the exit message included), for its traj.json. */
  readonly record: MiniMessage[];
}

/** mini's exit statuses and ours where they mean the same (the model's doing: graded, empty patch unless submitted). */
const STATUS: Readonly<Record<string, ExitStatus>> = { Submitted: "submitted", LimitsExceeded: "exit_cost", RepeatedFormatError: "exit_format", TimeExceeded: "exit_timeout" };
/** Ours -> the name mini gives the same end (its exception's class), for the record. */
const MINI_NAME: Readonly<Partial<Record<ExitStatus, string>>> = { exit_context: "ContextWindowExceededError", exit_timeout: "TimeExceeded" };

class MiniEnd extends Error {
  constructor(readonly miniStatus: string, readonly submission: string) {
    super(miniStatus);
  }
}

interface State {
  readonly messages: ChatMessage[];
  calls: number;
  cost: number;
  formatErrors: number;
  readonly deadline: number;
  readonly modelInput: ModelStepInput;
  readonly counter: ReturnType<NonNullable<AgentRunInput["counter"]>["conversation"]> | undefined;
  readonly timeLimit: AbortSignal | undefined;
}

/**
 * mini-swe-agent's DefaultAgent loop at the tag's major version: query (step and cost limits
 * first), read the action(s) (v1: the one ```bash block of the text; v2: the `bash` tool calls),
 * run each in a new shell, render the observation, stop at the submission line. A limit ends the
 * run without a patch (mini does not autosubmit). Infrastructure failures end it as in the
 * SWE-agent loop (exit_api, exit_environment_error, exit_error): never an empty patch graded.
 */
export async function runMiniLoop(input: MiniLoopInput): Promise<AgentOutcome> {
  const p = input.protocol;
  const timeoutMs = input.limits.instanceTimeoutMs;
  const timeLimit = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const signals = [input.signal, timeLimit].filter((s) => s !== undefined);
  const schemas = p.bashTool === undefined ? [] : [p.bashTool as unknown as ToolSchema];
  const first = miniFirstMessages(p, input.instance);
  const state: State = {
    messages: [...first], calls: 0, cost: 0, formatErrors: 0, timeLimit, counter: input.counter?.conversation(),
    deadline: timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs,
    modelInput: {
      model: input.model, schemas, counter: input.counter, budget: input.budget, trajectory: input.trajectory,
      ...optional("signal", signals.length > 1 ? AbortSignal.any(signals) : signals[0]),
    },
  };
  input.record.push(...first.map((m) => ({ role: m.role, content: m.content })));
  input.trajectory.history = state.messages;
  await input.trajectory.persist();
  try {
    for (;;) {
      await step(input, state);
      await input.trajectory.persist();
    }
  } catch (error) {
    if (error instanceof MiniEnd) return ended(input, error.miniStatus, error.submission);
    if (error instanceof AgentExit) {
      input.record.push({ role: "exit", content: error.message });
      return { status: error.status, message: error.message, submittedPatch: "", protocolStatus: MINI_NAME[error.status] ?? error.status };
    }
    throw error;
  }
}

function ended(input: MiniLoopInput, miniStatus: string, submission: string): AgentOutcome {
  const status = STATUS[miniStatus] ?? "exit_error";
  // v1 adds the exception's text as a user message; v2 an exit message (content: the submission or the status).
  input.record.push(input.protocol.major === "1" ? { role: "user", content: submission } : { role: "exit", content: miniStatus === "Submitted" ? submission : miniStatus });
  return { status, message: miniStatus, submittedPatch: status === "submitted" ? submission : "", protocolStatus: miniStatus };
}

function counters(state: State): MiniCounters {
  return { calls: state.calls, cost: state.cost };
}

async function step(input: MiniLoopInput, state: State): Promise<void> {
  const p = input.protocol;
  checkLimits(input, state);
  const call = await query(input, state);
  state.calls++;
  state.cost += callCost(input.price, call.usage);
  if (p.major === "1") return stepV1(input, state, call);
  return stepV2(input, state, call);
}

function checkLimits(input: MiniLoopInput, state: State): void {
  const p = input.protocol;
  const steps = input.limits.maxSteps;
  if ((steps > 0 && steps <= state.calls) || (p.costLimit > 0 && p.costLimit <= state.cost)) throw new MiniEnd("LimitsExceeded", "");
  if (Date.now() >= state.deadline) throw new AgentExit("exit_timeout", "Exit due to the instance time limit");
  const budget = input.limits.tokenBudget;
  const stats = input.trajectory.info.model_stats;
  if (budget !== undefined && stats.prompt_tokens + stats.completion_tokens >= budget) throw new AgentExit("exit_token_budget", `Exit due to the token budget (${budget} tokens)`);
}

async function query(input: MiniLoopInput, state: State): Promise<ModelCall> {
  try {
    return await callModel(state.modelInput, state.messages, state.counter);
  } catch (error) {
    if (state.timeLimit?.aborted === true && input.signal?.aborted !== true) throw new AgentExit("exit_timeout", "Exit due to the instance time limit", { cause: error });
    throw error;
  }
}

function push(input: MiniLoopInput, state: State, message: ChatMessage): void {
  state.messages.push(message);
  input.record.push({ ...message });
}

async function stepV1(input: MiniLoopInput, state: State, call: ModelCall): Promise<void> {
  const p = input.protocol;
  push(input, state, { role: "assistant", content: call.content });
  const actions = [...call.content.matchAll(new RegExp(p.actionRegex ?? "", "gs"))].map((m) => m[1] ?? m[0]);
  if (actions.length !== 1) {
    const message = renderFormatErrorV1(p, input.instance, counters(state), actions);
    input.trajectory.record({ kind: "requery", reason: "format", message });
    push(input, state, { role: "user", content: message });
    return;
  }
  const command = actions[0]!.trim();
  const output = await runMiniCommand(input.sandbox, p, command);
  const id = `mini-action-${state.calls}`;
  if (output.timedOut) {
    const message = renderTimeoutV1(p, input.instance, counters(state), command, output.output, call.content);
    recordTool(input, id, command, output, message);
    push(input, state, { role: "user", content: message });
    return;
  }
  const submission = submissionOf(p, output);
  if (submission !== undefined) {
    recordSubmit(input, id, command, submission);
    throw new MiniEnd("Submitted", submission);
  }
  const message = renderObservation(p, input.instance, counters(state), output, command);
  recordTool(input, id, command, output, message);
  push(input, state, { role: "user", content: message });
}

async function stepV2(input: MiniLoopInput, state: State, call: ModelCall): Promise<void> {
  const p = input.protocol;
  const error = formatErrorV2(p, call);
  if (error !== undefined) {
    // mini raises the format error inside model.query: the reply is not kept in the conversation.
    const message = renderFormatErrorV2(p, error.text, error.hasToolCalls, call.finishReason);
    input.trajectory.record({ kind: "requery", reason: "format", message });
    push(input, state, { role: "user", content: message });
    state.formatErrors++;
    if (p.maxConsecutiveFormatErrors > 0 && state.formatErrors >= p.maxConsecutiveFormatErrors) throw new MiniEnd("RepeatedFormatError", "");
    return;
  }
  const assistant: AssistantMessage = { role: "assistant", content: call.content, tool_calls: call.toolCalls };
  push(input, state, assistant);
  const observations: ChatMessage[] = [];
  for (const toolCall of call.toolCalls) {
    const command = String((JSON.parse(toolCall.arguments) as { command: unknown }).command);
    const output = await runMiniCommand(input.sandbox, p, command);
    const submission = submissionOf(p, output);
    if (submission !== undefined) {
      recordSubmit(input, toolCall.id, command, submission, toolCall);
      throw new MiniEnd("Submitted", submission);
    }
    const message = renderObservation(p, input.instance, counters(state), output, command);
    recordTool(input, toolCall.id, command, output, message, toolCall);
    observations.push({ role: "tool", content: message, tool_call_id: toolCall.id });
  }
  for (const message of observations) push(input, state, message);
  state.formatErrors = 0;
}

/** v2's parser: no tool call, a call that is not `bash`, arguments that are not JSON or lack `command`. */
function formatErrorV2(p: MiniProtocol, call: ModelCall): { text: string; hasToolCalls: boolean } | undefined {
  const t = p.texts;
  if (call.toolCalls.length === 0 && call.malformedToolCalls.length === 0) return { text: t.noToolCalls ?? "", hasToolCalls: false };
  if (call.malformedToolCalls.length > 0) return { text: (t.argumentsError ?? "{e}").replace("{e}", "the arguments are not valid JSON"), hasToolCalls: true };
  for (const toolCall of call.toolCalls) {
    let text = "";
    let args: unknown;
    try {
      args = JSON.parse(toolCall.arguments);
    } catch (error) {
      text = (t.argumentsError ?? "{e}").replace("{e}", error instanceof Error ? error.message : String(error));
    }
    if (toolCall.name !== "bash") text += (t.unknownTool ?? "").replace("{tool_call.function.name}", toolCall.name);
    if (typeof args !== "object" || args === null || Array.isArray(args) || !("command" in args)) text += t.missingCommand ?? "";
    if (text !== "") return { text: text.trim(), hasToolCalls: true };
  }
  return undefined;
}

function callOf(id: string, command: string, toolCall?: ToolCall): ToolCall {
  return toolCall ?? { id, name: "bash", arguments: JSON.stringify({ command }) };
}

function recordTool(input: MiniLoopInput, id: string, command: string, output: MiniExec, message: string, toolCall?: ToolCall): void {
  input.trajectory.record({
    kind: "tool", call: callOf(id, command, toolCall),
    result: { kind: "observation", action: command, message, output: output.output, exitCode: output.returncode, durationMs: output.durationMs, timedOut: output.timedOut },
  });
}

function recordSubmit(input: MiniLoopInput, id: string, command: string, submission: string, toolCall?: ToolCall): void {
  input.trajectory.record({ kind: "tool", call: callOf(id, command, toolCall), result: { kind: "submitted", action: command, patch: submission.trim() === "" ? null : submission, observation: submission } });
}

