export interface McNemarResult {
  /** Pairs where only the first side resolved. */
  readonly onlyFirst: number;
  /** Pairs where only the second side resolved. */
  readonly onlySecond: number;
  readonly pValue: number;
}

/**
 * Exact McNemar test (pure): under H0 the discordant pairs split Binomial(b + c, 1/2); the two-sided
 * p-value is min(1, 2 · P(X <= min(b, c))). No discordant pair: p = 1.
 */
export function exactMcNemar(onlyFirst: number, onlySecond: number): McNemarResult {
  if (![onlyFirst, onlySecond].every((v) => Number.isInteger(v) && v >= 0)) {
    throw new RangeError(`exactMcNemar: expected whole numbers >= 0, got ${onlyFirst} and ${onlySecond}`);
  }
  const n = onlyFirst + onlySecond;
  const k = Math.min(onlyFirst, onlySecond);
  let term = Math.pow(0.5, n);
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    tail += term;
    term = (term * (n - i)) / (i + 1);
  }
  return { onlyFirst, onlySecond, pValue: Math.min(1, 2 * tail) };
}

/** Counts the discordant pairs of two per-instance outcome sets over the same ids. */
export function discordantPairs(ids: Iterable<string>, first: ReadonlySet<string>, second: ReadonlySet<string>): { onlyFirst: number; onlySecond: number } {
  let onlyFirst = 0;
  let onlySecond = 0;
  for (const id of ids) {
    const a = first.has(id);
    const b = second.has(id);
    if (a && !b) onlyFirst++;
    if (b && !a) onlySecond++;
  }
  return { onlyFirst, onlySecond };
}
