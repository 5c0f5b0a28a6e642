/**
 * The token figures of one model call, as exported (ATIF metrics, SWE-agent model_stats). The one
 * place that reads them from a trajectory step (cached tokens as the server reported them; no cost per
 * step: a price belongs to the report, not to the trajectory).
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
  return { promptTokens: step.prompt_tokens, completionTokens: step.completion_tokens, cachedTokens: step.cached_prompt_tokens, costUsd: undefined };
}
