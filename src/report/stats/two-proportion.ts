import { twoSidedNormalP } from "./normal.ts";

export interface TwoProportionResult {
  readonly z: number;
  readonly pValue: number;
}

/**
 * Two-proportion z-test with the pooled standard error (pure):
 * z = (p1 - p2) / sqrt(p̂(1-p̂)(1/n1 + 1/n2)), p̂ = (x1 + x2) / (n1 + n2); two-sided p-value.
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): TwoProportionResult {
  if (!(n1 > 0 && n2 > 0) || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
    throw new RangeError(`twoProportionZTest: expected 0 <= x <= n and n > 0, got ${x1}/${n1} and ${x2}/${n2}`);
  }
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const diff = x1 / n1 - x2 / n2;
  if (se === 0) return { z: 0, pValue: 1 };
  const z = diff / se;
  return { z, pValue: twoSidedNormalP(z) };
}
