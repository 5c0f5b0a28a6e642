/**
 * `eval --repeat N` on real Docker, through the CLI: instances/flaky's coin-flip test makes its gold
 * verdict change between evaluations (flaky, with the flipping test), the deterministic instances
 * (instances/flaky's tally, the whole sample) stay stable; `flakes` writes the flake list that
 * report/gate take with --exclude; `gate --ignore-flaky` passes a run that plain gate fails; `run
 * --eval-repeat N` repeats the agent's patch evaluation.
 *
 * The coin lands heads with probability 1/2, so 8 evaluations all agree with probability 1/128:
 * then the run is resumed with --repeat 16 (only evaluations 9..16 run), 2^-15 all agreeing.
 */
import { spawnSync } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { flakeListSchema } from "../src/run/files/flake-list.ts";
import type { FlakeList } from "../src/run/files/flake-list.ts";
import { instanceStabilitySchema } from "../src/run/files/stability.ts";
import type { InstanceStability } from "../src/run/files/stability.ts";
import { ensureDockerAndBaseImage } from "./helpers/docker.ts";
import { SAMPLE_IDS, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "src", "cli", "main.ts");
const COIN = "sera-bench__coinflip-1";
const TALLY = "sera-bench__tally-1";
let outputDir: string;
let flakyRun: string;
let repeats = 8;

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 900_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(run: ReturnType<typeof cli>): string {
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

const json = async (path: string) => JSON.parse(await readFile(path, "utf8")) as unknown;
const stability = async (run: string, id: string): Promise<InstanceStability> => instanceStabilitySchema.parse(await json(join(run, "logs", id, "stability.json")));
const officialResolved = async (run: string): Promise<string[]> => ((await json(join(run, `gold.${run.split("/").at(-1) ?? ""}.json`))) as { resolved_ids: string[] }).resolved_ids;

/** `eval --dataset instances/flaky --predictions gold --repeat N` (the flaky folder's gold run). */
function evalFlaky(runId: string, repeat: number, ...extra: string[]): string {
  return ok(cli("eval", "--dataset", "instances/flaky", "--predictions", "gold", "--repeat", String(repeat), "--run-id", runId, "-o", outputDir, "--network", "none", ...extra));
}

beforeAll(async () => {
  ensureDockerAndBaseImage();
  outputDir = await tempDir("eval-repeat");
  flakyRun = join(outputDir, "flaky-gold");
  evalFlaky("flaky-gold", 8);
  if ((await stability(flakyRun, COIN)).stability === "stable") {
    // 1 in 128: every flip agreed. Resume with more evaluations; the 8 done are not run again.
    const before = (await stat(join(flakyRun, "logs", COIN, "repeats", "8", "result.json"))).mtimeMs;
    evalFlaky("flaky-gold", 16);
    expect((await stat(join(flakyRun, "logs", COIN, "repeats", "8", "result.json"))).mtimeMs).toBe(before);
    repeats = 16;
  }
}, 1_800_000);

describe("eval --repeat N", () => {
  it("marks the coin-flip instance flaky with its flipping test, and the deterministic one stable", async () => {
    const coin = await stability(flakyRun, COIN);
    expect(coin).toMatchObject({ stability: "flaky", repeats });
    expect(coin.verdicts).toContain("resolved");
    expect(coin.verdicts).toContain("unresolved");
    expect(coin.flipped_tests.map((t) => [t.bucket, t.test])).toEqual([["PASS_TO_PASS", "tests/test_core.py::test_flip_lands_heads"]]);
    const [flip] = coin.flipped_tests;
    expect([...(flip?.passed_in ?? []), ...(flip?.failed_in ?? [])].sort((a, b) => a - b)).toEqual(Array.from({ length: repeats }, (_, i) => i + 1));
    // A verdict is resolved exactly when the coin landed heads in that evaluation.
    coin.verdicts.forEach((verdict, index) => expect(verdict === "resolved").toBe(flip?.passed_in.includes(index + 1)));
    expect(await stability(flakyRun, TALLY)).toMatchObject({ stability: "stable", verdicts: Array(repeats).fill("resolved"), flipped_tests: [] });
  });

  it("keeps the official verdict of the first evaluation; repeats have their own folders, the summary files carry the stability", async () => {
    const coin = await stability(flakyRun, COIN);
    expect((await officialResolved(flakyRun)).includes(COIN)).toBe(coin.verdicts[0] === "resolved");
    const first = (await json(join(flakyRun, "logs", COIN, "report.json"))) as Record<string, { resolved: boolean }>;
    expect(first[COIN]?.resolved).toBe(coin.verdicts[0] === "resolved");
    for (let k = 2; k <= repeats; k++) {
      const report = (await json(join(flakyRun, "logs", COIN, "repeats", String(k), "report.json"))) as Record<string, { resolved: boolean }>;
      expect(report[COIN]?.resolved, `evaluation ${k}`).toBe(coin.verdicts[k - 1] === "resolved");
    }
    const csv = await readFile(join(flakyRun, "instances.csv"), "utf8");
    expect(csv.split("\n")[0]).toMatch(/,stability,repeat_verdicts,flipped_tests$/);
    expect(csv).toContain(`,flaky,${coin.verdicts.join(";")},"tests/test_core.py::test_flip_lands_heads (passed in`);
    const flakes: FlakeList = flakeListSchema.parse(await json(join(flakyRun, "flakes.json")));
    expect(flakes).toMatchObject({ repeats, evaluated: 2, resolved_stable: 1, flaky_ids: [COIN], unknown_ids: [] });
  });

  it("marks every sample instance stable with --repeat 3 (the sample's gold run stays all resolved)", { timeout: 1_800_000 }, async () => {
    const out = ok(cli("eval", "--dataset", "instances/sample", "--predictions", "gold", "--repeat", "3", "--run-id", "sample-gold-x3", "-o", outputDir, "--network", "none"));
    expect(out).toContain("Instances resolved: 6");
    expect(out).toContain("Repeats (3 evaluations of 6 instance(s)): resolved 6, resolved-stable 6, flaky 0");
    for (const id of SAMPLE_IDS) {
      expect(await stability(join(outputDir, "sample-gold-x3"), id), id).toMatchObject({ stability: "stable", verdicts: ["resolved", "resolved", "resolved"], flipped_tests: [] });
    }
  });
});

describe("run --eval-repeat N", () => {
  it("evaluates the agent's patch N times too", { timeout: 900_000 }, async () => {
    ok(cli("run", "-d", "sample", "--model", "scripted", "--run-id", "agent-x2", "-o", outputDir, "-i", "sera-bench__semver-1", "--eval-repeat", "2", "--network", "none"));
    const run = join(outputDir, "agent-x2");
    expect(await stability(run, "sera-bench__semver-1")).toMatchObject({ stability: "stable", verdicts: ["resolved", "resolved"] });
    expect(flakeListSchema.parse(await json(join(run, "flakes.json")))).toMatchObject({ repeats: 2, resolved_stable: 1, flaky_ids: [] });
  });
});

describe("flakes, --exclude and gate --ignore-flaky", () => {
  it("flakes writes the flake list (resuming the finished run), and --exclude changes the reported rate", async () => {
    const list = join(outputDir, "flakes.json");
    const flakesRun = cli("flakes", "--dataset", "instances/flaky", "--predictions", "gold", "--repeat", String(repeats), "--run-id", "flaky-gold", "-o", outputDir, "--out", list, "--network", "none");
    expect(ok(flakesRun)).toContain(`1 flaky instance(s) written to ${list}`);
    expect(flakesRun.stderr).toContain("2 instance(s) already have a report (resuming");
    const flakes = flakeListSchema.parse(await json(list));
    expect(flakes.instances.map((i) => [i.instance_id, i.tests.map((t) => t.test)])).toEqual([[COIN, ["tests/test_core.py::test_flip_lands_heads"]]]);

    const report = ok(cli("report", flakyRun, "--exclude", list));
    expect(report).toContain(`Without the 1 instance(s) of ${list} (${COIN}): 1/1 = 100.0%`);
    const summary = (await json(join(flakyRun, "report", "summary.json"))) as { runs: { overall: { total: number }; excluded: { overall: { resolved: number; total: number } } }[] };
    expect(summary.runs[0]?.overall.total).toBe(2);
    expect(summary.runs[0]?.excluded.overall).toMatchObject({ resolved: 1, total: 1 });
    expect(await readFile(join(flakyRun, "report", "summary.md"), "utf8")).toContain("resolved-stable 1, flaky 1 (sera-bench__coinflip-1)");

    const gate = ok(cli("gate", flakyRun, "--min-resolve-rate", "1", "--exclude", list));
    expect(gate).toContain("ok exclude: judged without the 1 instance(s)");
    expect(gate).toContain("resolved 1/1 = 100.0%");
  });

  it("gate --ignore-flaky passes a run whose official verdict of the flaky instance is unresolved; plain gate fails it", { timeout: 1_800_000 }, async () => {
    // Find (or make) a run whose first evaluation of the coin flip was unresolved: each try is 1/2.
    let run = flakyRun;
    for (let attempt = 1; (await officialResolved(run)).includes(COIN) || (await stability(run, COIN)).stability !== "flaky"; attempt++) {
      expect(attempt, "no run with an unresolved, flaky coin flip in 16 tries (chance about 1e-4)").toBeLessThanOrEqual(16);
      evalFlaky(`coin-${attempt}`, 4, "--instance-ids", COIN);
      run = join(outputDir, `coin-${attempt}`);
    }
    const plain = cli("gate", run, "--min-resolve-rate", "1");
    expect(plain.code, plain.stdout).toBe(1);
    expect(plain.stdout).toMatch(/FAILED min-resolve-rate/);
    const ignoring = cli("gate", run, "--min-resolve-rate", "1", "--ignore-flaky");
    expect(ignoring.code, ignoring.stdout).toBe(0);
    expect(ignoring.stdout).toContain(`ok ignore-flaky: 1 flaky instance(s) cannot fail the gate (each counts as resolved; the official evaluation did not resolve 1 of them): ${COIN}`);
  });
});
