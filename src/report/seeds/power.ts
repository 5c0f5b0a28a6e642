/**
 * How sure a difference between seed groups is (pure): the pooled standard deviation, the
 * signal-to-noise ratio and the seeds needed to detect a difference (SERA paper, section 6).
 *
 * - Pooled standard deviation of two groups of n1 and n2 seeds with sample standard deviations
 *   s1 and s2 (n - 1 in the denominator): sp = sqrt(((n1 - 1)·s1² + (n2 - 1)·s2²) / (n1 + n2 - 2)).
 *   A group of one seed adds no spread (its weight n - 1 is 0); with one seed on each side there is
 *   no spread at all and sp is undefined.
 * - Signal-to-noise ratio: (mean1 - mean2) / sp; under 2 the paper calls a result preliminary.
 * - Seeds needed per group for a two-sided test at level α with power 1 - β to detect a difference
 *   δ given the spread σ: the normal formula n = 2·(z_{1-α/2} + z_{1-β})²·σ²/δ², rounded up (at least
 *   2, to estimate a spread), or the t-based iteration: the least n >= 2 with
 *   n >= 2·(t_{1-α/2, 2n-2} + t_{1-β, 2n-2})²·σ²/δ².
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

export interface SeedSample {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation; undefined for a single seed. */
  readonly sd: number | undefined;
}

export interface PowerOptions {
  /** Two-sided significance level (default 0.05). */
  readonly alpha?: number;
  /** 1 - β (default 0.8). */
  readonly power?: number;
  /** "z": the normal formula (default, as the paper's Table 10); "t": the t-based iteration. */
  readonly method?: "z" | "t";
}

/** The pooled standard deviation; undefined when neither group has two seeds. */
export function pooledSd(a: SeedSample, b: SeedSample): number | undefined {
  const df = a.n + b.n - 2;
  if (df <= 0) return undefined;
  const sumSquares = (s: SeedSample) => (s.n < 2 ? 0 : (s.n - 1) * (s.sd ?? 0) ** 2);
  return Math.sqrt((sumSquares(a) + sumSquares(b)) / df);
}

/** (a.mean - b.mean) / pooled sd; ±Infinity when the spread is 0 and the means differ; undefined without spread. */
export function signalToNoise(a: SeedSample, b: SeedSample): number | undefined {
  const sp = pooledSd(a, b);
  if (sp === undefined) return undefined;
  const difference = a.mean - b.mean;
  if (sp === 0) return difference === 0 ? 0 : Math.sign(difference) * Infinity;
  return difference / sp;
}

const MAX_SEEDS = 100_000;

/** Seeds per group to detect a difference `delta` (same unit as `sd`) at the options' level and power. */
export function seedsNeeded(sd: number, delta: number, options: PowerOptions = {}): number {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  if (!(sd >= 0) || !(delta > 0) || !(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) {
    throw new RangeError(`seedsNeeded: expected sd >= 0, delta > 0, 0 < alpha < 1, 0 < power < 1, got sd=${sd} delta=${delta} alpha=${alpha} power=${power}`);
  }
  const ratio = (sd / delta) ** 2;
  if (options.method !== "t") {
    const z = normalQuantile(1 - alpha / 2, 0, 1) + normalQuantile(power, 0, 1);
    return Math.max(2, Math.ceil(2 * z * z * ratio - 1e-9));
  }
  for (let n = 2; n <= MAX_SEEDS; n++) {
    const df = 2 * n - 2;
    const t = tQuantile(1 - alpha / 2, df) + tQuantile(power, df);
    if (n >= 2 * t * t * ratio - 1e-9) return n;
  }
  return MAX_SEEDS;
}
