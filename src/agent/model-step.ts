import { ContextOverflowError, ModelAuthError, ModelNotFoundError, ModelUnavailableError, ModelUnreachableError } from "../model/errors.ts";
import type { ChatMessage, ConversationCounter, Model, ModelCall, RetryEvent, TokenCounter, ToolSchema } from "../model/types.ts";
export type { TokenCounter } from "../model/types.ts";
import type { Trajectory } from "./trajectory.ts";
import { AgentExit } from "./types.ts";
import { optional } from "../util/optional.ts";
import { takeTurn } from "../util/turns.ts";

export type OverflowPolicy = "autosubmit" | "retry";

export interface ContextBudget {
  /** The server's context length (max_model_len). */
  readonly contextTokens: number;
  /** The completion budget sent as max_tokens, if any. */
  readonly maxTokens: number | undefined;
  readonly onOverflow: OverflowPolicy;
  /** With `retry`: how many resamples before giving up (then exit_context). */
  readonly overflowRetries: number;
}

export interface ModelStepInput {
  readonly model: Model;
  readonly schemas: readonly ToolSchema[];
  /** The loop counts through one `conversation()` of it per rollout. */
  readonly counter: TokenCounter | undefined;
  readonly budget: ContextBudget;
  readonly trajectory: Trajectory;
  readonly signal?: AbortSignal;
}

const EXIT_CONTEXT = "Exit due to context window";

/**
 * One model call under the context budget: count the prompt first (when a counter is available);
 * if prompt + max_tokens would not fit, or the server says so, apply the overflow policy. The
 * server's reported prompt size goes back to the counter (the base of the next count).
 * Authentication, not-found and never-reached errors go up unchanged: they abort the whole run. `onRetry`: each
 * failed attempt of the call that is retried (also recorded in the trajectory).
 */
export async function callModel(
  input: ModelStepInput, history: readonly ChatMessage[], counter: ConversationCounter | undefined, onRetry?: (event: RetryEvent) => void,
): Promise<ModelCall> {
  for (let attempt = 1; ; attempt++) {
    await takeTurn(); // counting and sending run in an event-loop iteration of their own (util/turns.ts)
    const counted = counter === undefined ? undefined : await counter.count(history, input.schemas);
    const overflow = counted === undefined ? undefined : overflowOf(counted, input.budget);
    if (overflow !== undefined) {
      handleOverflow(input, overflow, attempt);
      continue;
    }
    try {
      const call = await input.model.complete(history, input.schemas, {
        ...optional("signal", input.signal),
        onRetry: (event) => {
          input.trajectory.record({ kind: "retry", event });
          onRetry?.(event);
        },
      });
      counter?.answered(history, input.schemas, call.usage.promptTokens);
      input.trajectory.recordModelCall(call, counted);
      return call;
    } catch (error) {
      if (error instanceof ContextOverflowError) {
        handleOverflow(input, `the server refused the prompt: ${error.serverMessage}`, attempt);
        continue;
      }
      throw classify(error);
    }
  }
}

function overflowOf(promptTokens: number, budget: ContextBudget): string | undefined {
  const needed = promptTokens + (budget.maxTokens ?? 1);
  if (needed <= budget.contextTokens) return undefined;
  const completion = budget.maxTokens === undefined ? "" : ` + max_tokens ${budget.maxTokens}`;
  return `prompt ${promptTokens} tokens${completion} exceeds the context of ${budget.contextTokens} tokens`;
}

function handleOverflow(input: ModelStepInput, detail: string, attempt: number): void {
  const { onOverflow, overflowRetries } = input.budget;
  input.trajectory.record({ kind: "overflow", detail, policy: onOverflow, attempt });
  if (onOverflow === "autosubmit" || attempt > overflowRetries) throw new AgentExit("exit_context", `${EXIT_CONTEXT} (${detail})`);
}

function classify(error: unknown): unknown {
  if (error instanceof ModelAuthError || error instanceof ModelNotFoundError || error instanceof ModelUnreachableError) return error;
  if (error instanceof ModelUnavailableError) return new AgentExit("exit_api", `Exit due to retry error: ${error.message}`, { cause: error });
  if (error instanceof AgentExit) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AgentExit("exit_error", `Exit due to unknown error: ${message}`, { cause: error });
}
