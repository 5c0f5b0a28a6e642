export interface MeanSd {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1); undefined for fewer than two values. */
  readonly sd: number | undefined;
}

export function meanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, sd: undefined };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, sd: undefined };
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  return { n, mean, sd: Math.sqrt(variance) };
}
