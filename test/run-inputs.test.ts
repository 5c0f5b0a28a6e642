/**
 * A run id is one experiment (issue 18): re-running a run id with other inputs (other patches, another
 * model, context or temperature) is refused before anything is written, naming the instances and
 * the fields; --redo-changed redoes exactly those instances. Real processes, real containers, the
 * built-in scripted model.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareSampleImages, SAMPLE_DIR, SAMPLE_IDS, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "src", "cli", "main.ts");
const WRONG = join(SAMPLE_DIR, "predictions", "wrong.jsonl");
const TWO = ["-i", "sera-bench__rational-1", "-i", "sera-bench__semver-1"];
let dir: string;

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 900_000, env: { ...process.env, CI: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(run: ReturnType<typeof cli>): string {
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

const report = (run: string, model: string) => JSON.parse(readFileSync(join(dir, run, `${model}.${run}.json`), "utf8")) as { resolved_ids: string[]; unresolved_ids: string[] };
const runMeta = (run: string) => readFileSync(join(dir, run, "run.json"), "utf8");

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("run-inputs");
});

describe("eval: the patches are the run's inputs", () => {
  it("gold then wrong patches under one run id and model name: refused (exit 1, nothing rewritten); --redo-changed gives 0/6", () => {
    ok(cli("eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "same", "-o", dir));
    expect(report("same", "gold").resolved_ids).toEqual([...SAMPLE_IDS]);
    // The wrong fixes under the gold run's model name: only the patches differ.
    const wrong = join(dir, "wrong-as-gold.jsonl");
    writeFileSync(wrong, readFileSync(WRONG, "utf8").replaceAll('"sample/wrong-fixes"', '"gold"'));
    const metaBefore = runMeta("same");
    const predictionsBefore = readFileSync(join(dir, "same", "predictions.jsonl"), "utf8");

    const refused = cli("eval", "-d", SAMPLE_DIR, "-p", wrong, "--run-id", "same", "-o", dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("run same holds results made with other inputs for 6 instance(s): sera-bench__csvlite-1, sera-bench__intervals-1, sera-bench__lrucache-1 (and 3 more)");
    expect(refused.stderr).toMatch(/evaluation\.patch_sha256: [0-9a-f]{12} -> [0-9a-f]{12} \(1 instance\)/);
    expect(refused.stderr).toContain("use a new --run-id for these inputs, or --redo-changed");
    expect(runMeta("same")).toBe(metaBefore);
    expect(readFileSync(join(dir, "same", "predictions.jsonl"), "utf8")).toBe(predictionsBefore);
    expect(report("same", "gold").resolved_ids).toEqual([...SAMPLE_IDS]);

    const redone = ok(cli("eval", "-d", SAMPLE_DIR, "-p", wrong, "--run-id", "same", "-o", dir, "--redo-changed"));
    expect(redone).toContain("Instances resolved: 0");
    expect(report("same", "gold").unresolved_ids).toEqual([...SAMPLE_IDS]);
    expect(cli("gate", join(dir, "same"), "--min-resolve-rate", "1").code).toBe(1);
    // Resuming with the same inputs evaluates nothing again.
    const again = cli("eval", "-d", SAMPLE_DIR, "-p", wrong, "--run-id", "same", "-o", dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("6 instance(s) already have a report");
  });

  it("another model name for the same patches is refused, and the official report never mixes models", () => {
    ok(cli("eval", "-d", SAMPLE_DIR, "-p", WRONG, "--run-id", "named", "-o", dir, ...TWO));
    const renamed = join(dir, "renamed.jsonl");
    writeFileSync(renamed, readFileSync(WRONG, "utf8").replaceAll('"sample/wrong-fixes"', '"other/model"'));
    const refused = cli("eval", "-d", SAMPLE_DIR, "-p", renamed, "--run-id", "named", "-o", dir, ...TWO);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('evaluation.model_name: "sample/wrong-fixes" -> "other/model" (2 instances)');
    ok(cli("eval", "-d", SAMPLE_DIR, "-p", renamed, "--run-id", "named", "-o", dir, ...TWO, "--redo-changed"));
    expect(existsSync(join(dir, "named", "other__model.named.json"))).toBe(true);
    expect(existsSync(join(dir, "named", "sample__wrong-fixes.named.json"))).toBe(false);
  });

  it("a run written before the input records resumes with what its run.json says, and says so; other eval options are refused", () => {
    ok(cli("eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "old", "-o", dir, ...TWO));
    rmSync(join(dir, "old", "inputs"), { recursive: true });
    const resumed = cli("eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "old", "-o", dir, ...TWO);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("run old has results from before per-instance input records (2 instance(s)): taking what its run.json says as their inputs");
    expect(resumed.stderr).toContain("2 instance(s) already have a report");
    rmSync(join(dir, "old", "inputs"), { recursive: true, force: true });
    const refused = cli("eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "old", "-o", dir, ...TWO, "--eval-scripts", "v4.1.0");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('evaluation.eval_scripts: "current" -> "v4.1.0" (2 instances)');
  });
});

describe("--repeat on resume", () => {
  it("a smaller --repeat keeps the run's larger set and says so; a resumed --repeat shows each repeat evaluation", () => {
    const first = cli("eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "rep", "-o", dir, "-i", "sera-bench__rational-1");
    expect(first.code).toBe(0);
    const more = cli("eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "rep", "-o", dir, "-i", "sera-bench__rational-1", "--repeat", "3");
    expect(more.code, more.stderr).toBe(0);
    expect(more.stderr).toContain("eval: 1 to do");
    expect(more.stderr).toMatch(/evaluation 2\/3 of sera-bench__rational-1 resolved/);
    expect(more.stderr).toMatch(/eval 1\/1 \(resolved 1, errors 0\): evaluation 3\/3 of sera-bench__rational-1 resolved/);
    const fewer = cli("eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "rep", "-o", dir, "-i", "sera-bench__rational-1", "--repeat", "2");
    expect(fewer.code, fewer.stderr).toBe(0);
    expect(fewer.stderr).toContain("run rep evaluates each prediction 3 times: --repeat 2 keeps all 3");
    const stability = JSON.parse(readFileSync(join(dir, "rep", "logs", "sera-bench__rational-1", "stability.json"), "utf8")) as { repeats: number };
    expect(stability.repeats).toBe(3);
    expect((JSON.parse(runMeta("rep")) as { options: { repeat: number } }).options.repeat).toBe(3);
  });
});

describe("flakes", () => {
  it("twice with different predictions evaluates the second set (its default run id follows its inputs)", () => {
    const gold = ok(cli("flakes", "-d", SAMPLE_DIR, "-p", "gold", "--repeat", "2", "-o", dir, "--out", join(dir, "f1.json"), ...TWO));
    expect(gold).toContain("Instances resolved: 2");
    const wrong = cli("flakes", "-d", SAMPLE_DIR, "-p", WRONG, "--repeat", "2", "-o", dir, "--out", join(dir, "f2.json"), ...TWO);
    expect(wrong.code, wrong.stderr).toBe(0);
    expect(wrong.stdout).toContain("Instances resolved: 0");
    expect(wrong.stderr).toMatch(/Run id: flakes-[0-9a-f]{12}/);
    const named = cli("flakes", "-d", SAMPLE_DIR, "-p", WRONG, "--repeat", "2", "-o", dir, "--out", join(dir, "f3.json"), ...TWO, "--run-id", "flk");
    expect(named.code).toBe(0);
    const refused = cli("flakes", "-d", SAMPLE_DIR, "-p", "gold", "--repeat", "2", "-o", dir, "--out", join(dir, "f4.json"), ...TWO, "--run-id", "flk");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("run flk holds results made with other inputs for 2 instance(s)");
  });
});

describe("infer / run: the model, server and settings are the run's inputs", () => {
  const one = ["-d", SAMPLE_DIR, "-i", "sera-bench__rational-1", "--model", "scripted", "-o", "", "--workers", "1", "--eval-workers", "1"];
  const args = (...extra: string[]) => ["run", ...one.map((a) => (a === "" ? dir : a)), ...extra];

  it("another model under a used run id is refused; --redo-changed redoes the rollout", () => {
    ok(cli(...args("--run-id", "agent")));
    const trajectory = readFileSync(join(dir, "agent", "trajs", "sera-bench__rational-1.traj.json"), "utf8");
    const refused = cli(...args("--run-id", "agent", "--model-name", "another-model"));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("run agent holds results made with other inputs for 1 instance(s): sera-bench__rational-1");
    expect(refused.stderr).toContain('rollout.model_name: "scripted-sample-solver" -> "another-model"');
    expect(readFileSync(join(dir, "agent", "trajs", "sera-bench__rational-1.traj.json"), "utf8")).toBe(trajectory);
    const redone = ok(cli(...args("--run-id", "agent", "--model-name", "another-model", "--redo-changed")));
    expect(redone).toContain("Instances resolved: 1");
    expect(existsSync(join(dir, "agent", "another-model.agent.json"))).toBe(true);
    expect(existsSync(join(dir, "agent", "scripted-sample-solver.agent.json"))).toBe(false);
  });

  it("another context or temperature on a used run id is refused naming the fields; run.json keeps the run's", () => {
    ok(cli(...args("--run-id", "ctx")));
    const before = runMeta("ctx");
    const refused = cli(...args("--run-id", "ctx", "--context", "64k", "--temperature", "0.6"));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("rollout.context.tokens: 32768 -> 65536");
    expect(refused.stderr).toContain("rollout.sampling.temperature: 0 -> 0.6");
    expect(runMeta("ctx")).toBe(before);
  });
});
