/** Exact McNemar p-values and unbiased pass@k, hand-computed from binomial sums. */
import { describe, expect, it } from "vitest";
import { discordantPairs, exactMcNemar } from "../src/report/stats/mcnemar.ts";
import { meanPassAtK, passAtK } from "../src/report/stats/pass-at-k.ts";

describe("exactMcNemar", () => {
  it("6 vs 0 discordant pairs: p = 2 · 0.5^6 = 0.03125", () => {
    expect(exactMcNemar(6, 0).pValue).toBe(0.03125);
  });
  it("10 vs 2: p = 2 · (C(12,0) + C(12,1) + C(12,2)) / 2^12 = 158 / 4096", () => {
    expect(exactMcNemar(10, 2).pValue).toBeCloseTo(158 / 4096, 14);
    expect(exactMcNemar(2, 10).pValue).toBeCloseTo(158 / 4096, 14);
  });
  it("balanced discordance and no discordance give p = 1 (capped)", () => {
    expect(exactMcNemar(3, 3).pValue).toBe(1);
    expect(exactMcNemar(0, 0).pValue).toBe(1);
  });
  it("40 vs 60 (a leaderboard-sized gap): p = 0.05689", () => {
    expect(exactMcNemar(40, 60).pValue).toBeCloseTo(0.0568879336, 9);
  });
  it("5 vs 0 is not significant at 5% (p = 0.0625): the smallest sample cannot show a drop", () => {
    expect(exactMcNemar(5, 0).pValue).toBe(0.0625);
  });
  it("discordantPairs counts only-first and only-second over the given ids", () => {
    const ids = ["a", "b", "c", "d"];
    expect(discordantPairs(ids, new Set(["a", "b"]), new Set(["b", "c", "z"]))).toEqual({ onlyFirst: 1, onlySecond: 1 });
  });
});

describe("passAtK", () => {
  it("n = 3, c = 1: pass@1 = 1/3, pass@2 = 1 - C(2,2)/C(3,2) = 2/3, pass@3 = 1", () => {
    expect(passAtK(3, 1, 1)).toBeCloseTo(1 / 3, 14);
    expect(passAtK(3, 1, 2)).toBeCloseTo(2 / 3, 14);
    expect(passAtK(3, 1, 3)).toBe(1);
  });
  it("n = 5, c = 2, k = 2: 1 - C(3,2)/C(5,2) = 1 - 3/10 = 0.7", () => {
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 14);
  });
  it("c = 0 gives 0 and c = n gives 1", () => {
    expect(passAtK(4, 0, 2)).toBe(0);
    expect(passAtK(4, 4, 1)).toBe(1);
  });
  it("the mean over instances", () => {
    expect(meanPassAtK([{ n: 3, c: 0 }, { n: 3, c: 3 }, { n: 3, c: 1 }], 2)).toBeCloseTo((0 + 1 + 2 / 3) / 3, 14);
  });
  it("refuses k > n and c > n", () => {
    expect(() => passAtK(3, 1, 4)).toThrow(/1 <= k <= n/);
    expect(() => passAtK(3, 4, 1)).toThrow(RangeError);
  });
});
