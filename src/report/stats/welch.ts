import { twoSidedTP } from "./beta.ts";

export interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
}

export interface WelchResult {
  readonly t: number;
  readonly df: number;
  readonly pValue: number;
}

/**
 * Welch's unequal-variance t-test on two summaries (pure): t = (m1 - m2) / sqrt(s1²/n1 + s2²/n2),
 * Welch–Satterthwaite degrees of freedom, two-sided p-value. Needs n >= 2 on both sides.
 * Both standard deviations zero: p = 1 when the means agree, 0 otherwise.
 */
export function welchTTest(a: SampleSummary, b: SampleSummary): WelchResult {
  if (a.n < 2 || b.n < 2) throw new RangeError(`welchTTest: expected at least 2 values per side, got ${a.n} and ${b.n}`);
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const diff = a.mean - b.mean;
  if (va + vb === 0) return { t: diff === 0 ? 0 : Math.sign(diff) * Infinity, df: a.n + b.n - 2, pValue: diff === 0 ? 1 : 0 };
  const t = diff / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return { t, df, pValue: twoSidedTP(t, df) };
}
