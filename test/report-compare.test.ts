/** compare: which test is chosen (seeds -> Welch, per-instance -> McNemar, totals -> z-test) and the figures. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextLabel, loadBaselines, selectBaselines } from "../src/report/baselines/load.ts";
import { compareSides } from "../src/report/compare/choose-test.ts";
import { compareRuns } from "../src/report/compare/compare.ts";
import { formatComparison } from "../src/report/compare/format.ts";
import { parseProtocolName } from "../src/protocol/identity-of.ts";
import { verifiedInstances } from "../src/report/summary/difficulty.ts";
import { makeRun, type FixtureInstance } from "./fixtures/report/make-run.ts";
import { makeSeededRuns } from "./fixtures/report/seeded-runs.ts";
import { UNKNOWN_PROTOCOL } from "../src/protocol/identity.ts";

let parent: string;
let verified: string[];
const DEVSTRAL = "mini-SWE-agent + Devstral small (2512)";

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "sera-bench-compare-"));
  verified = [...(await verifiedInstances()).keys()];
});
afterAll(async () => rm(parent, { recursive: true, force: true }));

describe("baselines", () => {
  it("hold the paper's Table 1 with contexts and ± and the leaderboard with attribution", async () => {
    const all = await loadBaselines();
    const sera = all.filter((b) => b.name === "SERA-32B");
    expect(sera.map((b) => [b.context, b.resolvedPct, b.seeds?.sdPct])).toEqual([["32k", 49.5, 1.9], ["64k", 54.2, 1.4]]);
    expect(sera[0]?.source).toContain("arXiv 2601.20789v2");
    const devstral = all.find((b) => b.name === DEVSTRAL);
    expect(devstral?.resolvedIds?.size).toBe(282);
    expect(devstral?.source).toContain("CC BY-NC 4.0");
    expect(all.filter((b) => b.origin === "leaderboard")).toHaveLength(162);
    expect(all.filter((b) => b.resolvedIds !== undefined)).toHaveLength(24);
  });

  it("select by context by default, by exact or unique partial name, and say when a name is ambiguous or unknown", async () => {
    const all = await loadBaselines();
    expect(selectBaselines(all, [], "64k").map((b) => b.key)).toContain("SERA-32B @64k");
    expect(selectBaselines(all, [], "64k").every((b) => b.context === "64k")).toBe(true);
    expect(selectBaselines(all, ["sera-32b"], "32k").map((b) => b.key)).toEqual(["SERA-32B @32k"]);
    expect(() => selectBaselines(all, ["mini-SWE-agent"], undefined)).toThrow(/ambiguous/);
    expect(() => selectBaselines(all, ["no such model"], "32k")).toThrow(/no baseline matches at 32k/);
    expect([contextLabel(32768), contextLabel("64K"), contextLabel("131072")]).toEqual(["32k", "64k", "128k"]);
    expect(() => contextLabel("lots")).toThrow(/--context: expected a context length/);
  });
});

describe("compare", () => {
  it("three seeds against SERA-32B @32k (3 seeds, ± given): Welch t-test on seed means", async () => {
    await makeSeededRuns(parent);
    const result = await compareRuns({ runs: [join(parent, "cfg")], baselines: ["SERA-32B @32k"], context: undefined, alpha: 0.05, allowDifferentSet: true });
    expect(result.context).toBe("32k");
    const c = result.comparisons[0];
    expect(c?.test).toBe("Welch t-test on seed means (two-sided)");
    // ours 0.4 ± 0.2 (n 3) vs 0.495 ± 0.019 (n 3): t = -0.095 / sqrt((0.04 + 0.000361) / 3) = -0.8193
    expect(c?.detail).toMatch(/^t = -0\.819, df = 2\.0/);
    expect(c?.significant).toBe(false);
  });

  it("a run with --context that contradicts run.json is refused", async () => {
    await expect(compareRuns({ runs: [join(parent, "cfg64-s1")], baselines: [], context: "32k", alpha: 0.05 })).rejects.toThrow(/was made at 64k/);
  });

  it("a full Verified run against a leaderboard entry with per-instance results: exact McNemar", async () => {
    const all = await loadBaselines();
    const devstral = all.find((b) => b.name === DEVSTRAL);
    const theirs = devstral?.resolvedIds ?? new Set<string>();
    // Ours: their resolved set minus 10 plus 30 of their unresolved -> 10 vs 30 discordant.
    const lost = [...theirs].slice(0, 10);
    const gained = verified.filter((id) => !theirs.has(id)).slice(0, 30);
    const instances: FixtureInstance[] = verified.map((id) => ({ id, outcome: (theirs.has(id) && !lost.includes(id)) || gained.includes(id) ? "resolved" : "unresolved" }));
    const run = await makeRun(parent, { runId: "full-run", instances, meta: { kind: "eval", protocol: parseProtocolName("mini-swe-agent@v1.17.2") } });
    const result = await compareRuns({ runs: [run], baselines: [DEVSTRAL], context: undefined, alpha: 0.05 });
    const c = result.comparisons[0];
    expect(c?.protocols).toBeUndefined();
    expect(formatComparison(c!)).toContain("protocol: mini-swe-agent@v1.17.2 (both sides)");
    expect(c?.test).toBe("exact McNemar (paired, two-sided)");
    expect(c?.detail).toBe("500 paired instances: only ours resolved 30, only theirs 10");
    expect(c?.difference).toBeCloseTo(20 / 500, 12);
    // 2 · P(X <= 10), X ~ Bin(40, 1/2) = 2 · 1,221,246,132 / 2^40 = 0.0022214
    expect(c?.pValue).toBeCloseTo(0.0022214338, 9);
    expect(c?.significant).toBe(true);
  });

  it("several seeds against a single-run baseline are compared one seed at a time", async () => {
    await expect(compareRuns({ runs: [join(parent, "cfg")], baselines: ["Kimi-dev (72B)"], context: undefined, alpha: 0.05 })).rejects.toThrow(/run cfg-s1 on another set \(cfg-s1 5 instance\(s\) vs Kimi-dev \(72B\) @32k 500 \(SWE-bench Verified\), 4 in common\)/);
    // The paper quoted Kimi-dev from its authors' report: their scaffold, not SERA's setting.
    await expect(compareRuns({ runs: [join(parent, "cfg")], baselines: ["Kimi-dev (72B)"], context: undefined, alpha: 0.05, allowDifferentSet: true })).rejects.toThrow(/Kimi-dev \(72B\) @32k was measured under protocol own scaffold \(Kimi-dev \(72B\) @32k\), run .*cfg under sera \(SWE-agent e2e @[0-9a-f]{7}\)/);
    const result = await compareRuns({ runs: [join(parent, "cfg")], baselines: ["Kimi-dev (72B)"], context: undefined, alpha: 0.05, allowDifferentSet: true, allowDifferentProtocol: true });
    expect(result.comparisons.map((c) => [c.ours.label, c.test])).toEqual([
      ["cfg-s1", "two-proportion z-test (pooled, two-sided)"], ["cfg-s2", "two-proportion z-test (pooled, two-sided)"], ["cfg-s3", "two-proportion z-test (pooled, two-sided)"],
    ]);
    expect(result.comparisons[0]?.detail).toBe("2/5 vs 243/500, z = -0.383");
  });

  it("totals only on one side fall back to the two-proportion test and say why", () => {
    const ours = { label: "a", origin: "run" as const, rate: 0.3, resolved: 30, total: 100, perInstance: { ids: ["x"], resolved: new Set<string>() }, seeds: undefined, context: undefined, protocol: UNKNOWN_PROTOCOL };
    const other = { label: "b", origin: "baseline" as const, rate: 0.45, resolved: 45, total: 100, perInstance: undefined, seeds: undefined, context: undefined, protocol: UNKNOWN_PROTOCOL };
    const c = compareSides(ours, other, 0.05);
    expect(c.test).toBe("two-proportion z-test (pooled, two-sided)");
    expect(c.pValue).toBeCloseTo(0.0284597369, 6);
    expect(c.note).toBe("b publishes totals only (no per-instance results)");
  });
});
