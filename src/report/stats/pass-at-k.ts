/**
 * Unbiased pass@k for one instance with n attempts of which c passed (pure):
 * 1 - C(n-c, k) / C(n, k), computed as a product to stay exact in floating point.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (![n, c, k].every(Number.isInteger) || c < 0 || c > n || k < 1 || k > n) {
    throw new RangeError(`passAtK: expected whole numbers 0 <= c <= n and 1 <= k <= n, got n=${n} c=${c} k=${k}`);
  }
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

/** pass@k averaged over instances: each entry is { n, c } for one instance. */
export function meanPassAtK(counts: readonly { readonly n: number; readonly c: number }[], k: number): number {
  if (counts.length === 0) return 0;
  return counts.reduce((sum, { n, c }) => sum + passAtK(n, c, k), 0) / counts.length;
}
