/**
 * "How sure" figures (issue 20, item 4): pooled standard deviation, signal-to-noise ratio, seeds
 * needed; the report's seeds section; `gate --min-snr` on fabricated seed runs.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pooledSd, seedsNeeded, signalToNoise } from "../src/report/seeds/power.ts";
import { runGate } from "../src/report/gate/gate.ts";
import { writeReport } from "../src/report/write-report.ts";
import { makeRun, type FixtureInstance } from "./fixtures/report/make-run.ts";
import { makeSeededRuns } from "./fixtures/report/seeded-runs.ts";

const CLI = join(import.meta.dirname, "..", "src", "cli", "main.ts");

describe("seeds needed (two-sample, two-sided alpha 0.05, 80% power)", () => {
  // Inputs and source: SERA paper (arXiv 2601.20789v2) section 6 and Table 10, as summarised in
  // /work/shared/reference/sera-protocol.md: run-to-run sd 0.5-3.0 points over 3 seeds, median 1.2;
  // "detecting a 1-point difference needs about 15 seeds, a 2-point one about 4".
  it("reproduces the paper's orders of magnitude: about 15 seeds for 1 point, about 4 for 2", () => {
    // sd 1 point: 2 (1.96 + 0.84)^2 / 1^2 = 15.7 -> 16; / 2^2 = 3.9 -> 4.
    expect(seedsNeeded(0.01, 0.01)).toBe(16);
    expect(seedsNeeded(0.01, 0.02)).toBe(4);
    // The median sd (1.2 points) stays in the same orders: tens of seeds for 1 point, a handful for 2.
    const one = seedsNeeded(0.012, 0.01);
    const two = seedsNeeded(0.012, 0.02);
    expect(one).toBe(23);
    expect(two).toBe(6);
    expect(one).toBeGreaterThanOrEqual(10);
    expect(two).toBeLessThan(10);
    // The paper's range of spreads (0.5 to 3.0 points) for a 1-point difference.
    expect([seedsNeeded(0.005, 0.01), seedsNeeded(0.03, 0.01)]).toEqual([4, 142]);
  });

  it("the t-based iteration asks for more seeds than the normal formula at small n", () => {
    expect(seedsNeeded(0.01, 0.02, { method: "t" })).toBe(6);
    expect(seedsNeeded(0.01, 0.01, { method: "t" })).toBe(17);
    expect(seedsNeeded(0, 0.01)).toBe(2);
    expect(() => seedsNeeded(0.01, 0)).toThrow(RangeError);
  });

  it("pooled sd weighs each side by its seeds minus one; one seed adds no spread; one on each side has none", () => {
    expect(pooledSd({ n: 3, mean: 0.5, sd: 0.01 }, { n: 3, mean: 0.5, sd: 0.02 })).toBeCloseTo(Math.sqrt((2 * 1e-4 + 2 * 4e-4) / 4), 15);
    expect(pooledSd({ n: 1, mean: 0.5, sd: undefined }, { n: 3, mean: 0.5, sd: 0.02 })).toBeCloseTo(0.02, 15);
    expect(pooledSd({ n: 1, mean: 0.5, sd: undefined }, { n: 1, mean: 0.4, sd: undefined })).toBeUndefined();
    expect(signalToNoise({ n: 3, mean: 0.52, sd: 0.01 }, { n: 3, mean: 0.5, sd: 0.01 })).toBeCloseTo(2, 10);
    expect(signalToNoise({ n: 3, mean: 0.52, sd: 0 }, { n: 3, mean: 0.5, sd: 0 })).toBe(Infinity);
  });
});

/** A run of 10 instances with the first `resolved` resolved. */
const instances = (resolved: number): FixtureInstance[] =>
  Array.from({ length: 10 }, (_, i) => ({ id: `repo__pkg-${i + 1}`, outcome: i < resolved ? "resolved" : "unresolved" }));

/** Checkpoints compared under one protocol (runs without a record are "unknown", which matches nothing). */
const SAME_PROTOCOL = { protocol: { family: "sera", version: "1ca8673", config_sha256: "0".repeat(64) } };

describe("seed groups in the report and the gate", () => {
  let parent: string;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), "sera-bench-seeds-"));
    const plan: Record<string, readonly number[]> = { ref: [5, 5, 6], strong: [8, 8, 9], weak: [5, 6, 7], single: [9] };
    for (const [base, counts] of Object.entries(plan)) {
      for (const [i, resolved] of counts.entries()) await makeRun(parent, { runId: counts.length === 1 ? base : `${base}-s${i + 1}`, instances: instances(resolved), meta: SAME_PROTOCOL });
    }
    await makeRun(parent, { runId: "other", instances: instances(5), meta: SAME_PROTOCOL });
  });
  afterAll(async () => rm(parent, { recursive: true, force: true }));

  const gate = (run: string, reference: string, minSnr: number) =>
    runGate({ run: join(parent, run), minResolveRate: 0, reference: join(parent, reference), maxDrop: 0, alpha: 0.05, maxErrorRate: undefined, allowIncomplete: false, minSnr });

  it("a clear improvement passes --min-snr 2: +30 pp over a pooled sd of 5.8 pp", async () => {
    const verdict = await gate("strong", "ref", 2);
    expect(verdict.verdict).toMatch(/^PASS: run .*strong \(3 seeds\)/);
    const check = verdict.checks.find((c) => c.name === "min-snr");
    expect(check?.passed).toBe(true);
    expect(check?.message).toContain("signal-to-noise ratio 5.20 >= minimum 2");
    expect(verdict.exitCode).toBe(0);
  });

  it("a small improvement within the noise fails (exit 1): +6.7 pp over a pooled sd of 8.2 pp", async () => {
    const verdict = await gate("weak", "ref", 2);
    expect(verdict.exitCode).toBe(1);
    const check = verdict.checks.find((c) => c.name === "min-snr");
    expect(check).toMatchObject({ passed: false });
    expect(check?.message).toContain("signal-to-noise ratio 0.82 < minimum 2");
    expect(check?.message).toMatch(/seeds needed per side .*1 pt 1047, 2 pt 262, 3 pt 117/);
  });

  it("one run on each side has no spread: the gate refuses to judge (exit 2) and says why", async () => {
    const verdict = await gate("single", "other", 2);
    expect(verdict.exitCode).toBe(2);
    expect(verdict.verdict).toContain("FAILED min-snr-spread: --min-snr 2 needs the run-to-run spread of seeds: one run on each side");
  });

  it("a seed base without --min-snr is still refused, naming the option", async () => {
    const verdict = await runGate({ run: join(parent, "strong"), minResolveRate: 0, reference: undefined, maxDrop: 0, alpha: 0.05, maxErrorRate: undefined, allowIncomplete: false });
    expect(verdict.exitCode).toBe(2);
    expect(verdict.verdict).toContain("pass --min-snr with --reference");
  });

  it("the CLI wires --min-snr (exit code 1 for the noisy claim)", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", CLI, "gate", join(parent, "weak"), "--min-resolve-rate", "0", "--reference", join(parent, "ref"), "--min-snr", "2"], { encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain("FAILED min-snr: claimed improvement: signal-to-noise ratio 0.82 < minimum 2");
  });

  it("compare of two seed groups adds the pooled sd, the SNR and the seeds needed", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", CLI, "compare", join(parent, "strong"), join(parent, "ref")], { encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Welch t-test on seed means");
    expect(run.stdout).toMatch(/ {2}seeds: .*strong \(3 seeds\) 83\.3% ± 5\.8 vs .*ref \(3 seeds\) 53\.3% ± 5\.8: \+30\.0 pp, pooled sd 5\.8 pp, SNR 5\.20 \(2 or more\); seeds needed per side \(80% power, two-sided alpha 0\.05\): 1 pt 524, 2 pt 131, 3 pt 59/);
  });

  it("report: per-seed rates, mean ± sd and the SNR against the paper's rows at the runs' context", async () => {
    const seeded = await makeSeededRuns(join(parent, "seeded"));
    const report = await writeReport({ runs: seeded.slice(0, 3), outDir: join(parent, "report"), onNotice: () => undefined });
    const group = report.data.seeds[0];
    expect(group?.seeds.map((s) => [s.runId, s.rate])).toEqual([["cfg-s1", 0.4], ["cfg-s2", 0.2], ["cfg-s3", 0.6]]);
    expect(group?.sd).toBeCloseTo(0.2, 12);
    const sera = group?.vsBaselines.find((c) => c.other.label.startsWith("SERA-32B @32k"));
    // 40.0 ± 20.0 (3 seeds) vs 49.5 ± 1.9 (3 seeds): pooled sd sqrt((2·0.2² + 2·0.019²) / 4).
    const pooled = Math.sqrt((2 * 0.04 + 2 * 0.019 ** 2) / 4);
    expect(sera?.pooledSd).toBeCloseTo(pooled, 12);
    expect(sera?.snr).toBeCloseTo((0.4 - 0.495) / pooled, 12);
    expect(sera?.preliminary).toBe(true);
    expect(sera?.note).toContain("the paper's figure is over the 500 instances of SWE-bench Verified, this configuration over 5");
    const { readFile } = await import("node:fs/promises");
    const md = await readFile(report.files.md, "utf8");
    expect(md).toContain("## How sure (seeds)");
    expect(md).toContain("cfg-s1 (seed 1) 40.0%, cfg-s2 (seed 2) 20.0%, cfg-s3 (seed 3) 60.0%");
    expect(await readFile(report.files.html, "utf8")).toContain("<h2>How sure (seeds)</h2>");
  });
});
