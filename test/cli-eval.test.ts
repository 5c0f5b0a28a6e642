/**
 * The `sera-bench` command as a user runs it (a real process, real Docker): help, bad input, and a
 * run killed with SIGKILL that a second invocation finishes without losing or repeating work.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./helpers/wait.ts";
import { testEngine } from "./helpers/docker.ts";
import { prepareSampleImages, SAMPLE_DIR, SAMPLE_IDS, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "bin", "sera-bench.js");

function cli(args: readonly string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("cli-eval");
});

describe("sera-bench CLI", () => {
  it("--help lists the commands; eval --help shows options and examples", () => {
    const help = cli(["--help"]);
    expect(help.status).toBe(0);
    for (const command of ["eval", "specs", "images"]) expect(help.stdout).toContain(command);
    const evalHelp = cli(["eval", "--help"]);
    expect(evalHelp.stdout).toContain("--predictions");
    expect(evalHelp.stdout).toContain("Examples:");
    expect(evalHelp.stdout).toContain("--run-id sample-gold");
    expect(evalHelp.stdout).toMatch(/--eval-scripts .*\[choices: "current", "v4\.1\.0"\] \[default: "current"\]/s);
  });

  it("an unknown --eval-scripts value names the choices (exit 1)", () => {
    const run = cli(["eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "x", "-o", dir, "--eval-scripts", "v3"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/eval-scripts.*v3.*current.*v4\.1\.0/s);
  });

  it("an unknown instance id is an error listing it (exit 1)", () => {
    const run = cli(["eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "x", "-o", dir, "-i", "sera-bench__nope-9"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("sera-bench__nope-9");
  });

  it("a malformed predictions file names the line (exit 1)", async () => {
    const file = join(dir, "broken.jsonl");
    await writeFile(file, `${JSON.stringify({ instance_id: SAMPLE_IDS[0], model_name_or_path: "m", model_patch: "" })}\n{not json\n`);
    const run = cli(["eval", "-d", SAMPLE_DIR, "-p", file, "--run-id", "broken", "-o", dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/broken\.jsonl.*line 2/);
  });

  it("a missing required option says which (exit 1)", () => {
    const run = cli(["eval", "-d", SAMPLE_DIR, "--run-id", "x"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/predictions/);
  });

  it("a count flag that is not a whole number is refused before anything starts (exit 1), not blamed on the engine", () => {
    const run = cli(["eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "fraction", "-o", dir, "--workers", "1.5"]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe("sera-bench: --workers: expected a whole number >= 1, got 1.5");
    expect(existsSync(join(dir, "fraction"))).toBe(false);
    const agent = cli(["run", "-d", SAMPLE_DIR, "--model", "scripted", "--run-id", "fraction", "-o", dir, "--eval-workers", "0.5"]);
    expect(agent.status).toBe(1);
    expect(agent.stderr).toContain("--eval-workers: expected a whole number >= 1, got 0.5");
  });

  it("progress counts what has work: no 'already done' for empty predictions; resumed instances count as resolved", async () => {
    const first = cli(["eval", "-d", SAMPLE_DIR, "-p", join(SAMPLE_DIR, "predictions", "does-not-apply.jsonl"), "--run-id", "counts-empty", "-o", dir]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain("eval: 1 to do\n");
    expect(first.stderr).not.toContain("already done");
    const part = cli(["eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "counts", "-o", dir, "-i", `${SAMPLE_IDS[0]},${SAMPLE_IDS[1]}`]);
    expect(part.status, part.stderr).toBe(0);
    const rest = cli(["eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "counts", "-o", dir, "--workers", "1"]);
    expect(rest.status, rest.stderr).toBe(0);
    expect(rest.stderr).toContain("eval: 2/6 already done (resolved 2, errors 0)\n");
    expect(rest.stderr).toMatch(/eval 3\/6 \(resolved 3, errors 0[,)]/);
    expect(rest.stderr).toMatch(/eval 6\/6 \(resolved 6, errors 0\)/);
  });

  it("specs prints the image, parser and eval script per instance", () => {
    const run = cli(["specs", "-d", SAMPLE_DIR, "-i", "sera-bench__rational-1", "--generate"]);
    expect(run.status).toBe(0);
    const line = JSON.parse(run.stdout) as Record<string, string>;
    const row = JSON.parse(readFileSync(join(SAMPLE_DIR, "sera-bench__rational-1", "instance.json"), "utf8")) as Record<string, string>;
    expect(line).toEqual({ instance_id: "sera-bench__rational-1", image: row.image, log_parser: "parse_log_sympy", eval_script: row.eval_script });
  });

  it("a run killed with SIGKILL mid-way is finished by the same command, same verdicts, no container left", async () => {
    const args = [CLI, "eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", "killed", "-o", dir, "--workers", "1"];
    const logs = join(dir, "killed", "logs");
    const doneCount = () => (existsSync(logs) ? readdirSync(logs).filter((id) => existsSync(join(logs, id, "report.json"))).length : 0);
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await waitFor(() => (doneCount() >= 2 ? true : undefined), "two evaluated instances");
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const finishedBeforeKill = doneCount();
    expect(finishedBeforeKill).toBeGreaterThanOrEqual(2);
    expect(finishedBeforeKill).toBeLessThan(6);
    const resumed = cli(args.slice(1));
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toContain("already have a report");
    const report = JSON.parse(readFileSync(join(dir, "killed", "gold.killed.json"), "utf8")) as { resolved_ids: string[]; error_ids: string[] };
    expect(report.resolved_ids).toEqual([...SAMPLE_IDS]);
    expect(report.error_ids).toEqual([]);
    expect(await testEngine().listByLabels({ "sera-bench.run-id": "killed" })).toEqual([]);
  });
});
