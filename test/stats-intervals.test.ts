/**
 * Wilson intervals, the normal and t tails, and the two-proportion test against values worked out by
 * hand (formulas in the comments) or read from standard tables.
 */
import { describe, expect, it } from "vitest";
import { lnGamma, twoSidedTP } from "../src/report/stats/beta.ts";
import { meanSd } from "../src/report/stats/describe.ts";
import { twoSidedNormalP } from "../src/report/stats/normal.ts";
import { twoProportionZTest } from "../src/report/stats/two-proportion.ts";
import { welchTTest } from "../src/report/stats/welch.ts";
import { wilsonInterval } from "../src/report/stats/wilson.ts";

describe("wilsonInterval", () => {
  it("6 of 6: low = n / (n + z²) = 6 / 9.8415 = 0.60967, high = 1", () => {
    const { low, high } = wilsonInterval(6, 6);
    expect(low).toBeCloseTo(6 / (6 + 1.959963984540054 ** 2), 10);
    expect(high).toBe(1);
  });
  it("0 of 6: low 0, high = z² / (n + z²) = 0.39033", () => {
    const { low, high } = wilsonInterval(0, 6);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(0.3903342879, 8);
  });
  it("49 of 100: [0.39422, 0.58652] (center 0.49 + 1.92/100, shrunk by 1 + 3.8415/100)", () => {
    const { low, high } = wilsonInterval(49, 100);
    expect(low).toBeCloseTo(0.3942199893, 8);
    expect(high).toBeCloseTo(0.5865198807, 8);
  });
  it("247 of 500 (SERA-32B-sized run): [0.45039, 0.53770]", () => {
    const { low, high } = wilsonInterval(247, 500);
    expect(low).toBeCloseTo(0.4503901309, 8);
    expect(high).toBeCloseTo(0.5377013612, 8);
  });
  it("n = 0 says nothing is known; bad counts are refused", () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(() => wilsonInterval(7, 6)).toThrow(/0 <= successes <= n/);
    expect(() => wilsonInterval(1.5, 6)).toThrow(RangeError);
  });
});

describe("normal and t tails", () => {
  it("two-sided normal p at the textbook points 1.96 and 2.5758", () => {
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 6);
    expect(twoSidedNormalP(-2.5758293035489)).toBeCloseTo(0.01, 6);
    expect(twoSidedNormalP(0)).toBeCloseTo(1, 6);
  });
  it("Student t: t = 2.0, df = 10 gives p = 0.07339; t = 2.228, df = 10 is the 5% point", () => {
    expect(twoSidedTP(2.0, 10)).toBeCloseTo(0.0733880348, 6);
    expect(twoSidedTP(2.228138851986, 10)).toBeCloseTo(0.05, 6);
    expect(twoSidedTP(1.5, 3.7)).toBeCloseTo(0.2135981692, 6);
  });
  it("lnGamma matches factorials", () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });
});

describe("twoProportionZTest", () => {
  it("6/6 vs 0/6: pooled 0.5, se = sqrt(0.25 · 2/6), z = 1 / 0.288675 = 3.4641", () => {
    const { z, pValue } = twoProportionZTest(6, 6, 0, 6);
    expect(z).toBeCloseTo(Math.sqrt(12), 10);
    expect(pValue).toBeCloseTo(0.000532006, 6);
  });
  it("30/100 vs 45/100: z = -0.15 / sqrt(0.375 · 0.625 · 0.02) = -2.19089, p = 0.02846", () => {
    const { z, pValue } = twoProportionZTest(30, 100, 45, 100);
    expect(z).toBeCloseTo(-2.1908902300, 8);
    expect(pValue).toBeCloseTo(0.0284597369, 6);
  });
  it("247/500 vs 275/500 is not significant at 5% (p = 0.0763)", () => {
    expect(twoProportionZTest(247, 500, 275, 500).pValue).toBeCloseTo(0.0762963068, 6);
  });
  it("identical all-or-nothing proportions give p = 1", () => {
    expect(twoProportionZTest(0, 10, 0, 20)).toEqual({ z: 0, pValue: 1 });
  });
});

describe("seed means", () => {
  it("meanSd uses n - 1: [48, 50, 52] -> 50 ± 2", () => {
    expect(meanSd([48, 50, 52])).toEqual({ n: 3, mean: 50, sd: 2 });
    expect(meanSd([7]).sd).toBeUndefined();
  });
  it("Welch: SERA-32B 32K (49.5 ± 1.9) vs 64K (54.2 ± 1.4), 3 seeds each: t = -3.4493, p = 0.0298", () => {
    const result = welchTTest({ n: 3, mean: 49.5, sd: 1.9 }, { n: 3, mean: 54.2, sd: 1.4 });
    expect(result.t).toBeCloseTo(-4.7 / Math.sqrt((1.9 ** 2 + 1.4 ** 2) / 3), 10);
    expect(result.pValue).toBeCloseTo(0.0297930541, 5);
  });
  it("Welch with unequal n: 10 ± 2 (5) vs 12 ± 3 (4): p = 0.3036", () => {
    expect(welchTTest({ n: 5, mean: 10, sd: 2 }, { n: 4, mean: 12, sd: 3 }).pValue).toBeCloseTo(0.3036257808, 5);
  });
  it("needs two seeds per side", () => {
    expect(() => welchTTest({ n: 1, mean: 1, sd: 0 }, { n: 3, mean: 1, sd: 1 })).toThrow(/at least 2/);
  });
});
