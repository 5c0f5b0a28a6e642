/**
 * gate, compare, agreement and report on real runs of the bundled sample (real Docker): the gold run
 * passes, the wrong fixes regress (and against the gold run the drop is significant by exact
 * McNemar: 6 vs 0 discordant pairs, p = 0.03125), an interrupted run exits 2.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { evalSample, prepareSampleImages, SAMPLE_DIR, tempDir } from "./helpers/eval-run.ts";

/** The CLI from the sources (src/cli/main.ts through tsx): no build needed. */
const CLI = join(import.meta.dirname, "..", "src", "cli", "main.ts");
/** The sample needs no network; without one the runs do not depend on the engine's bridge. */
const OFFLINE = { network: "none" } as const;
let outputDir: string;
let gold: string;
let wrong: string;
let interrupted: string;

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  await prepareSampleImages();
  outputDir = await tempDir("gate-sample");
  const goldRun = await evalSample({ predictions: "gold", runId: "sample-gold", outputDir, limits: OFFLINE });
  const wrongRun = await evalSample({ predictions: join(SAMPLE_DIR, "predictions", "wrong.jsonl"), runId: "sample-wrong", outputDir, limits: OFFLINE });
  // The fixtures themselves: every gold patch resolves, no wrong fix does, nothing errored.
  const errors = [...goldRun.results, ...wrongRun.results].filter((r) => r.status === "error").map((r) => `${r.instance_id}: ${r.error ?? ""}`);
  expect(errors, "sample runs had infrastructure errors").toEqual([]);
  expect(goldRun.report.resolved_instances).toBe(6);
  expect(wrongRun.report.resolved_instances).toBe(0);
  gold = join(outputDir, "sample-gold");
  wrong = join(outputDir, "sample-wrong");
  // An interrupted run: one instance never finished (no report.json, no result.json).
  interrupted = join(outputDir, "interrupted", "sample-gold");
  await cp(gold, interrupted, { recursive: true });
  await rm(join(interrupted, "logs", "sera-bench__semver-1", "report.json"));
  await rm(join(interrupted, "logs", "sera-bench__semver-1", "result.json"));
});

describe("gate on sample runs", () => {
  it("the gold run passes --min-resolve-rate 1 (exit 0) and writes JSON and JUnit", async () => {
    const run = cli("gate", gold, "--min-resolve-rate", "1");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^PASS: run sample-gold/);
    const verdict = JSON.parse(await readFile(join(gold, "gate", "verdict.json"), "utf8")) as { status: string; exit_code: number };
    expect(verdict).toMatchObject({ status: "pass", exit_code: 0 });
    const junit = await readFile(join(gold, "gate", "junit.xml"), "utf8");
    expect(junit).toContain('failures="0" errors="0"');
    expect(junit).toContain('name="min-resolve-rate"');
  });

  it("the wrong fixes fail --min-resolve-rate 0.5 (exit 1)", () => {
    const run = cli("gate", wrong, "--min-resolve-rate", "0.5", "--json", join(outputDir, "w.json"), "--junit", join(outputDir, "w.xml"));
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/REGRESSION: run sample-wrong failed 1 of 2/);
    expect(run.stdout).toContain("resolved 0/6 = 0.0% [0.0%, 39.0%] < minimum 50.0%");
  });

  it("against the gold run as --reference, the drop is significant (exact McNemar, p = 0.0313)", async () => {
    // Both evaluations of given predictions record no protocol (unknown matches nothing): allowed explicitly.
    const refused = cli("gate", wrong, "--min-resolve-rate", "0", "--reference", gold, "--max-drop", "0.1");
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain("sample-gold was measured under protocol unknown, sample-wrong under unknown");
    const run = cli("gate", wrong, "--min-resolve-rate", "0", "--reference", gold, "--max-drop", "0.1", "--allow-different-protocol");
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain("protocols: different protocols (--allow-different-protocol): sample-wrong unknown vs sample-gold unknown");
    expect(run.stdout).toContain("FAILED reference: significant drop of 100.0 pp (allowed 10.0 pp)");
    expect(run.stdout).toContain("exact McNemar (paired, two-sided)");
    const verdict = JSON.parse(await readFile(join(wrong, "gate", "verdict.json"), "utf8")) as { comparison: { p_value: number; significant: boolean; test: string } };
    expect(verdict.comparison.p_value).toBe(0.03125);
    expect(verdict.comparison.significant).toBe(true);
  });

  it("a drop that is not significant at the chosen alpha does not fail", () => {
    const run = cli("gate", wrong, "--min-resolve-rate", "0", "--reference", gold, "--alpha", "0.01", "--allow-different-protocol");
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("is not significant (could be noise)");
  });

  it("an interrupted run exits 2 naming the unfinished instance, even when its rate would pass", async () => {
    const run = cli("gate", interrupted, "--min-resolve-rate", "0");
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toMatch(/^INVALID: run sample-gold cannot be judged/);
    expect(run.stdout).toContain("sera-bench__semver-1: not evaluated");
    const junit = await readFile(join(interrupted, "gate", "junit.xml"), "utf8");
    expect(junit).toContain('errors="1"');
    expect(junit).toContain("<error message=");
  });

  it("--allow-incomplete judges it anyway; a missing folder or a bad option exits 2", () => {
    expect(cli("gate", interrupted, "--min-resolve-rate", "0", "--allow-incomplete").code).toBe(0);
    const missing = cli("gate", join(outputDir, "no-such-run"), "--min-resolve-rate", "0");
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain("no run folder at");
    const bad = cli("gate", gold, "--min-resolve-rate", "45");
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain("--min-resolve-rate: expected a fraction between 0 and 1");
    expect(cli("gate", gold).stdout).toContain("--min-resolve-rate: required");
  });
});

describe("compare, agreement and report on sample runs", () => {
  it("compare of two runs of ours uses the paired test and says so", () => {
    expect(cli("compare", wrong, gold).code).toBe(1);
    const run = cli("compare", wrong, gold, "--allow-different-protocol");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("sample-wrong 0.0% vs sample-gold 100.0%: -100.0 pp, significant at alpha 0.05 (p = 0.0313)");
    expect(run.stdout).toContain("test: exact McNemar (paired, two-sided); 6 paired instances: only ours resolved 0, only theirs 6");
  });

  it("compare against the paper needs a context when run.json has none; with one it uses the two-proportion test", () => {
    expect(cli("compare", wrong).stderr).toContain("pass --context 32k");
    const run = cli("compare", gold, "--context", "32k", "--baseline", "SERA-32B @32k", "--allow-different-set", "--allow-different-protocol");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("two-proportion z-test (pooled, two-sided); 6/6 vs 248/500");
    expect(run.stdout).toContain("publishes totals only");
  });

  it("a baseline is compared only with a run over its instance set, unless --allow-different-set (sizes side by side)", () => {
    const refused = cli("compare", gold, "--context", "32k", "--baseline", "SERA-32B @32k");
    expect(refused.code).toBe(1);
    expect(refused.stdout).not.toContain("significant");
    expect(refused.stderr).toContain("SERA-32B @32k was measured on the 500 instances of SWE-bench Verified, run sample-gold on another set");
    expect(refused.stderr).toContain("--allow-different-set");
    // Another protocol too (an eval without --protocol is unknown): both refusals in one message.
    expect(refused.stderr).toContain("; and SERA-32B @32k was measured under protocol sera");
    const gate = cli("gate", gold, "--min-resolve-rate", "0", "--reference", "SERA-32B @32k");
    expect(gate.code).toBe(2);
    expect(gate.stdout).toContain("FAILED reference-run: reference SERA-32B @32k: SERA-32B @32k was measured on the 500 instances");
    const allowed = cli("compare", gold, "--context", "32k", "--baseline", "SERA-32B @32k", "--allow-different-set", "--allow-different-protocol");
    expect(allowed.stdout).toContain("instances: different instance sets (--allow-different-set): sample-gold 6 instance(s) vs SERA-32B @32k 500 (SWE-bench Verified), 0 in common");
    const gateAllowed = cli("gate", gold, "--min-resolve-rate", "0", "--reference", "SERA-32B @32k", "--allow-different-set", "--allow-different-protocol");
    expect(gateAllowed.code, gateAllowed.stdout).toBe(0);
    expect(gateAllowed.stdout).toContain("sample-gold 6 instance(s) vs SERA-32B @32k 500");
  });

  it("an eval without --protocol is unknown against a leaderboard row; with --protocol mini-swe-agent@v1.17.2 it is compared with the mini Devstral row and told whether it reproduces it", () => {
    const devstral = "mini-SWE-agent + Devstral small (2512)";
    const unknown = cli("compare", gold, "--baseline", devstral, "--allow-different-set");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`${devstral} was measured under protocol mini-swe-agent@v1.17.2, run sample-gold under unknown (unknown matches nothing`);
    const evaluated = cli("eval", "-d", "sample", "-p", "gold", "--run-id", "sample-gold-mini", "-o", outputDir, "--network", "none", "--protocol", "mini-swe-agent@v1.17.2");
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain("Protocol: mini-swe-agent@v1.17.2 (stated by the user)");
    expect(JSON.parse(readFileSync(join(outputDir, "sample-gold-mini", "run.json"), "utf8"))).toMatchObject({ protocol: { family: "mini-swe-agent", version: "v1.17.2", config_sha256: null, source: "stated by the user" } });
    const run = cli("compare", join(outputDir, "sample-gold-mini"), "--baseline", devstral, "--allow-different-set");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("protocol: mini-swe-agent@v1.17.2 (both sides)");
    // 6/6 resolved: Wilson 95% [61.0%, 100.0%] lies above the row's 56.4%; the sample's ids are not Verified's.
    expect(run.stdout).toContain(`does not reproduce ${devstral}: the row's 56.4% lies below our 95% interval [61.0%, 100.0%] (ours 6/6 = 100.0%); no instance of ours is among the row's (no paired test)`);
  });

  it("agreement between the wrong and gold patches counts every instance in one band", () => {
    const run = cli("agreement", wrong, gold, "--json", join(outputDir, "agreement.json"));
    expect(run.code, run.stderr).toBe(0);
    const counts = [...run.stdout.matchAll(/^\s+(hard|soft|unverified|undefined)\s+(\d+) instances/gm)].map((m) => Number(m[2]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it("report of the interrupted run says what is missing", async () => {
    const run = cli("report", interrupted, "--out", join(outputDir, "report-int"));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("(incomplete: 1 problem(s))");
    const md = await readFile(join(outputDir, "report-int", "summary.md"), "utf8");
    expect(md).toContain("**incomplete**: sera-bench__semver-1: not evaluated");
    expect(md).toContain("trajs/ (no trajectories");
  });

  it("report refuses runs of different selections, naming both", async () => {
    const other = await tempDir("gate-other");
    await evalSample({ predictions: "gold", runId: "two", outputDir: other, limits: OFFLINE, selection: { instanceIds: ["sera-bench__csvlite-1", "sera-bench__semver-1"] } });
    const run = cli("report", gold, join(other, "two"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("evaluated different instances (2 vs 6)");
  });
});
