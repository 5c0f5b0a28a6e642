/**
 * mini-swe-agent stops at its cost_limit in dollars, counted by litellm; a self-hosted model costs
 * nothing there, so only the step limit binds. Same here by default. A price per million tokens
 * (USD) makes the cost limit bind as it would for a priced API: `MiniAgentSettings.price` (the hook
 * `run --price` fills, through the plan; undefined by default).
 */
export interface TokenPrice {
  /** USD per million prompt tokens not served from the cache. */
  readonly input: number;
  /** USD per million cached prompt tokens. */
  readonly cached: number;
  /** USD per million completion tokens. */
  readonly output: number;
}

export function callCost(price: TokenPrice | undefined, usage: { readonly promptTokens: number; readonly completionTokens: number; readonly cachedTokens?: number }): number {
  if (price === undefined) return 0;
  const cached = usage.cachedTokens ?? 0;
  return ((usage.promptTokens - cached) * price.input + cached * price.cached + usage.completionTokens * price.output) / 1_000_000;
}
