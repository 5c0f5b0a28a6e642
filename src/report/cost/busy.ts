/**
 * The time a model server was kept busy: the union of the intervals in which at least one model
 * request was in flight. Concurrent requests share the server (vLLM batches them), so adding up each
 * call's duration would count the same GPU time once per concurrent rollout.
 */
export function unionMs(intervals: readonly (readonly [number, number])[]): number {
  const sorted = intervals.filter(([a, b]) => b > a).map(([a, b]) => [a, b] as const).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let start = Number.NEGATIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const [a, b] of sorted) {
    if (a > end) {
      if (end > start) total += end - start;
      start = a;
      end = b;
    } else if (b > end) end = b;
  }
  if (end > start) total += end - start;
  return total;
}
