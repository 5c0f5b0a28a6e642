/**
 * The token figures of one model call, as exported (ATIF metrics, SWE-agent model_stats). The one
 * place that reads them from a trajectory step: when the trajectory records cached tokens or a cost
 * per step, read them here and every export carries them.
 */
import type { ModelStep } from "./our-trajectory.ts";

export interface StepUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Prompt tokens served from a cache (a subset of promptTokens); undefined when not recorded. */
  readonly cachedTokens: number | undefined;
  readonly costUsd: number | undefined;
}

export function stepUsage(step: ModelStep): StepUsage {
  return { promptTokens: step.prompt_tokens, completionTokens: step.completion_tokens, cachedTokens: undefined, costUsd: undefined };
}
