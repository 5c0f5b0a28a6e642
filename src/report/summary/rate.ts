import { wilsonInterval } from "../stats/wilson.ts";

/** resolved / total with its Wilson 95% interval. */
export type Rate = ReturnType<typeof rateOf>;
export type Breakdown = Rate & { readonly key: string };

export function rateOf(resolved: number, total: number) {
  return { resolved, total, rate: total === 0 ? 0 : resolved / total, ci95: wilsonInterval(resolved, total) };
}

/** Resolve rate per key (repository, difficulty, ...); keys in `order` first, then the rest sorted. */
export function breakdown<T>(items: readonly T[], keyOf: (item: T) => string, resolved: (item: T) => boolean, order: readonly string[] = []): Breakdown[] {
  const tally = new Map<string, { resolved: number; total: number }>();
  for (const item of items) {
    const key = keyOf(item);
    const entry = tally.get(key) ?? { resolved: 0, total: 0 };
    entry.total++;
    if (resolved(item)) entry.resolved++;
    tally.set(key, entry);
  }
  return [...tally.entries()]
    .sort(([a], [b]) => rank(order, a) - rank(order, b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { resolved: r, total }]) => ({ key, ...rateOf(r, total) }));
}

function rank(order: readonly string[], key: string): number {
  const index = order.indexOf(key);
  return index === -1 ? order.length : index;
}
