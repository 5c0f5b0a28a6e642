/**
 * What a result cost, from run folders with known trajectories (no Docker): the step-limit curve
 * point by point, the token budget and distribution curves, GPU-hours as the union of in-flight
 * model time (concurrency not double counted), dollars only from a given price (or run.json's), the
 * expensive failures; the HTML charts render in headless Chromium without script errors and carry
 * the CSV's values.
 */
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReport, type ReportFiles } from "../src/report/write-report.ts";
import { stepLimitCurve } from "../src/report/cost/curves.ts";
import { unionMs } from "../src/report/cost/busy.ts";
import { costSettingsFrom } from "../src/cli/cost-options.ts";
import { makeRun, type FixtureInstance } from "./fixtures/report/make-run.ts";
import { dumpDomWithConsole, requireChromium, screenshot } from "./helpers/chromium.ts";
import { parseCsv } from "./helpers/csv.ts";

const BASE = Date.parse("2025-01-01T00:00:00.000Z");
const LATENCY_MS = 4000;
const STEP_EVERY_MS = 10_000;

/**
 * `steps` model calls of 1,000 prompt (800 cached) and 100 completion tokens, each followed by a tool
 * call of 500 ms; call k of every instance is in flight in the same 4 s window (five rollouts at once).
 */
function traj(steps: number, exit = "submitted"): NonNullable<FixtureInstance["traj"]> {
  const list = Array.from({ length: steps }, (_, i) => [
    { kind: "model", at: new Date(BASE + (i + 1) * STEP_EVERY_MS).toISOString(), content: "", tool_calls: [], finish_reason: "tool_calls", prompt_tokens: 1000, completion_tokens: 100, cached_prompt_tokens: 800, tokens_source: "server", latency_ms: LATENCY_MS, total_ms: LATENCY_MS, attempts: 1 },
    { kind: "tool", at: new Date(BASE + (i + 1) * STEP_EVERY_MS + 500).toISOString(), call: { id: "c", name: "bash", arguments: "{}" }, result: { kind: "observation" }, duration_ms: 500 },
  ]).flat();
  return { exit_status: exit, prompt_tokens: 1000 * steps, completion_tokens: 100 * steps, steps: list, wall_time_s: steps * 10 };
}

// Resolved at steps 3, 10 and 40; an unresolved rollout that ran to the limit (50); an empty patch after 5.
const INSTANCES: FixtureInstance[] = [
  { id: "repo__a-1", outcome: "resolved", traj: traj(40) },
  { id: "repo__b-2", outcome: "resolved", traj: traj(3) },
  { id: "repo__c-3", outcome: "unresolved", traj: traj(50, "exit_cost") },
  { id: "repo__d-4", outcome: "resolved", traj: traj(10) },
  { id: "repo__e-5", outcome: "empty", traj: traj(5) },
];
const META = { kind: "run", dataset: "sample", model: "org/model", context_length: 32768, options: { limits: { maxSteps: 50 } } };

let parent: string;
let priced: ReportFiles;
let unpriced: ReportFiles;
let recorded: ReportFiles;

beforeAll(async () => {
  requireChromium();
  parent = await mkdtemp(join(tmpdir(), "sera-bench-report-cost-"));
  const dir = await makeRun(parent, { runId: "budget", instances: INSTANCES, meta: META });
  const withRecorded = await makeRun(parent, { runId: "recorded", instances: INSTANCES, meta: { ...META, options: { ...META.options, cost: { gpus: 4, gpu_hour_usd: 2 } } } });
  priced = await writeReport({ runs: [dir], outDir: join(parent, "priced"), dataset: "verified", onNotice: () => undefined, cost: costSettingsFrom({ gpus: 2, gpuHourUsd: 3, price: "1,0.5,2" }) });
  unpriced = await writeReport({ runs: [dir], outDir: join(parent, "unpriced"), dataset: "verified", onNotice: () => undefined });
  recorded = await writeReport({ runs: [withRecorded], outDir: join(parent, "recorded"), dataset: "verified", onNotice: () => undefined });
});
afterAll(async () => rm(parent, { recursive: true, force: true }));

describe("the step-limit curve", () => {
  it("counts an instance from the step it finished at on (resolved at step 40 counts from L = 40)", () => {
    const items = [{ resolved: true, used: 40 }, { resolved: true, used: 3 }, { resolved: false, used: 50 }, { resolved: true, used: 10 }, { resolved: false, used: 5 }, { resolved: true, used: null }];
    const curve = stepLimitCurve(items, 6, 50);
    expect(curve.map((p) => p.x)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (const p of curve) {
      const expected = (p.x >= 3 ? 1 : 0) + (p.x >= 10 ? 1 : 0) + (p.x >= 40 ? 1 : 0);
      expect(p.resolved, `L = ${p.x}`).toBe(expected);
      expect(p.rate).toBe(expected / 6);
    }
  });

  it("is written as step-limit-curve.csv, L = 1 .. the run's limit (run.json), the denominator every instance", async () => {
    const rows = parseCsv(await readFile(priced.costFiles.stepLimit, "utf8"));
    expect(rows).toHaveLength(50);
    expect(rows[0]).toEqual({ run_id: "budget", step_limit: "1", resolved: "0", total: "5", rate: "0" });
    expect(rows.find((r) => r.step_limit === "39")?.resolved).toBe("2");
    expect(rows.find((r) => r.step_limit === "40")).toEqual({ run_id: "budget", step_limit: "40", resolved: "3", total: "5", rate: "0.6" });
    expect(rows.at(-1)?.resolved).toBe("3");
  });

  it("the token budget curve and the token distribution step at each instance's total", async () => {
    const budget = parseCsv(await readFile(priced.costFiles.tokenBudget, "utf8"));
    expect(budget.map((r) => [r.token_budget, r.resolved])).toEqual([["0", "0"], ["3300", "1"], ["11000", "2"], ["44000", "3"], ["55000", "3"]]);
    const shares = parseCsv(await readFile(priced.costFiles.tokenDistribution, "utf8"));
    expect(shares.map((r) => [r.tokens_at_most, r.instances, r.share])).toEqual([["3300", "1", "0.2"], ["5500", "2", "0.4"], ["11000", "3", "0.6"], ["44000", "4", "0.8"], ["55000", "5", "1"]]);
  });
});

describe("what the run cost", () => {
  it("totals and per resolved instance", () => {
    const cost = priced.costs[0];
    expect(cost?.totals).toMatchObject({ modelCalls: 108, promptTokens: 108_000, cachedPromptTokens: 86_400, completionTokens: 10_800, tokens: 118_800, tokensSource: "server", toolS: 54 });
    expect(cost?.totals.modelS).toBeCloseTo(108 * 4, 9);
    expect(cost?.perResolved.tokens).toBe(118_800 / 3);
  });

  it("GPU-hours = gpus x the union of in-flight intervals: five rollouts at once are not counted five times", () => {
    expect(unionMs([[0, 10], [5, 15], [20, 30], [25, 26]])).toBe(25);
    const gpu = priced.costs[0]?.gpu;
    // Calls 1..50 each in flight in one shared 4 s window: 200 s busy (the calls add up to 432 s).
    expect(gpu?.busyHours).toBeCloseTo(200 / 3600, 12);
    expect(gpu?.gpuHours).toBeCloseTo((2 * 200) / 3600, 12);
    expect(gpu?.usd).toBeCloseTo((3 * 2 * 200) / 3600, 12);
    expect(priced.costs[0]?.perResolved.gpuUsd).toBeCloseTo((3 * 2 * 200) / 3600 / 3, 12);
  });

  it("dollars from token prices: uncached input, cached and output priced apart", () => {
    // (108,000 - 86,400) x $1 + 86,400 x $0.5 + 10,800 x $2, per million.
    expect(priced.costs[0]?.tokenPrice.usd).toBeCloseTo(0.0864, 12);
  });

  it("names the expensive failures: the unresolved instances by tokens", () => {
    const failures = priced.costs[0]?.expensiveFailures;
    expect(failures?.count).toBe(2);
    expect(failures?.top.map((f) => [f.id, f.tokens])).toEqual([["repo__c-3", 55_000], ["repo__e-5", 5_500]]);
    expect(failures?.tokenShare).toBeCloseTo(60_500 / 118_800, 12);
  });

  it("without a price: GPU-hours and dollars unknown in cost.json, blank in cost.csv, 'unknown' in the markdown", async () => {
    const cost = unpriced.costs[0];
    expect(cost?.gpu.busyHours).toBeCloseTo(200 / 3600, 12);
    expect([cost?.gpu.gpuHours, cost?.gpu.usd, cost?.tokenPrice.usd, cost?.perResolved.gpuUsd, cost?.perResolved.tokenUsd]).toEqual(["unknown", "unknown", "unknown", "unknown", "unknown"]);
    const rows = parseCsv(await readFile(unpriced.costFiles.figures, "utf8"));
    for (const figure of ["GPU-hours", "USD from GPU-hours", "USD from token prices"]) expect(rows.find((r) => r.figure === figure)).toMatchObject({ total: "", per_resolved: "" });
    const md = await readFile(unpriced.files.md, "utf8");
    expect(md).toContain("| USD from token prices | unknown | unknown |");
    expect(md).not.toMatch(/\$\d/);
  });

  it("uses the settings run recorded in run.json when the options are not given", () => {
    const gpu = recorded.costs[0]?.gpu;
    expect(gpu?.gpus).toBe(4);
    expect(gpu?.usd).toBeCloseTo((2 * 4 * 200) / 3600, 12);
    expect(recorded.costs[0]?.tokenPrice.usd).toBe("unknown");
  });

  it("rejects a malformed --price with what it expected", () => {
    expect(() => costSettingsFrom({ price: "1,2" })).toThrow(/--price: expected three non-negative numbers "input,cached,output"/);
    expect(() => costSettingsFrom({ gpus: 0 })).toThrow(/--gpus: expected a number > 0/);
  });
});

describe("the cost charts in report.html", () => {
  it("render in headless Chromium without script errors, and their points are the CSV's values", async () => {
    const png = join(parent, "cost.png");
    await screenshot(priced.files.html, png, "1280,4000");
    expect((await stat(png)).size).toBeGreaterThan(20_000);
    const { dom, log } = await dumpDomWithConsole(priced.files.html);
    expect(log).not.toMatch(/Uncaught|CONSOLE.*error/i);
    const csvPoints = async (file: string, x: string, y: string) => parseCsv(await readFile(file, "utf8")).map((r) => [r.run_id, r[x], r[y]]);
    const svgPoints = (curve: string) => {
      const start = dom.indexOf(`data-curve="${curve}"`);
      expect(start, curve).toBeGreaterThan(0);
      const figure = dom.slice(start, dom.indexOf("</figure>", start));
      return [...figure.matchAll(/<circle [^>]*data-run="([^"]*)" data-x="([^"]*)" data-y="([^"]*)"/g)].map((m) => [m[1], m[2], m[3]]);
    };
    expect(svgPoints("step-limit")).toEqual(await csvPoints(priced.costFiles.stepLimit, "step_limit", "rate"));
    expect(svgPoints("token-budget")).toEqual(await csvPoints(priced.costFiles.tokenBudget, "token_budget", "rate"));
    expect(svgPoints("token-distribution")).toEqual(await csvPoints(priced.costFiles.tokenDistribution, "tokens_at_most", "share"));
    expect(dom).toContain("GPU-hours = gpus × (union of the intervals in which at least one model request was in flight) in hours");
    expect(dom.match(/<table class="cost">/g)).toHaveLength(1);
  });
});
