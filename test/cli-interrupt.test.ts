/**
 * Ctrl-C and SIGTERM as a user gives them (real processes, real signals, real Docker): once the run
 * has started work, an interrupt settles every instance, writes the reports for what finished, exits
 * 130, leaves no container of the run and no lock, and the same command finishes the rest. A terminal
 * signals the whole process group and wrappers in it (`npm run`, tsx) relay the signal again, so a run
 * gets the same interrupt twice: that must not kill it half-way.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScriptFile, sourceFromScriptFile } from "../src/model/scripted/script-file.ts";
import { startScriptedServer } from "../src/model/scripted/server.ts";
import type { ScriptedServer } from "../src/model/scripted/server.ts";
import { runLayout } from "../src/run/layout.ts";
import { testEngine } from "./helpers/docker.ts";
import { prepareSampleImages, SAMPLE_DIR, SAMPLE_IDS, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";
import { ensureSlurm } from "./helpers/slurm.ts";
import { waitFor } from "./helpers/wait.ts";

const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
const TIMEOUT = 900_000;

interface Launched {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  stdout(): string;
}

/** `node bin/sera-bench.js ARGS` in its own process group, as a terminal runs a command. */
function launch(args: readonly string[]): Launched {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  return { child, exited, stderr: () => err, stdout: () => out };
}

/** A command run to its end. */
async function complete(args: readonly string[]) {
  const run = launch(args);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

function countFiles(dir: string, suffix: string): number {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(suffix)).length : 0;
}

function evaluatedIds(runDir: string): string[] {
  const logs = join(runDir, "logs");
  return existsSync(logs) ? readdirSync(logs).filter((id) => existsSync(join(logs, id, "report.json"))).sort() : [];
}

interface OfficialReport { resolved_ids: string[]; completed_ids: string[]; submitted_ids: string[] }
function readReport(path: string): OfficialReport {
  return JSON.parse(readFileSync(path, "utf8")) as OfficialReport;
}

/** The interrupt, then its relayed copy once the run has taken the first (what `npm run` and tsx add to a terminal's Ctrl-C). */
async function interruptTwice(run: Launched, signal: NodeJS.Signals): Promise<void> {
  run.child.kill(signal);
  await waitFor(() => (run.stderr().includes("interrupted: stopping") ? true : undefined), "the run taking the interrupt");
  run.child.kill(signal);
}

/** What every interrupt leaves: exit 130, no container of the run, no lock. */
async function expectStoppedCleanly(run: Launched, dir: string, runId: string): Promise<void> {
  const { code, signal } = await run.exited;
  expect({ code, signal, stderr: code === 130 ? "" : run.stderr() }).toEqual({ code: 130, signal: null, stderr: "" });
  expect(run.stderr()).toContain("interrupted: stopping");
  expect(await testEngine().listByLabels({ "sera-bench.run-id": runId })).toEqual([]);
  expect(existsSync(runLayout(dir, runId).lock)).toBe(false);
}

let dir: string;
let server: ScriptedServer;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("interrupt");
  // A remote model that answers slowly: each rollout is held in place for a while.
  const file = await loadScriptFile(join(REPO_ROOT, "harness", "agents", "scripted", "sample-solutions.json"));
  server = await startScriptedServer({ source: sourceFromScriptFile(file), latencyMs: 700, ...(file.model === undefined ? {} : { model: file.model }) });
});

afterAll(async () => {
  await server?.close();
});

describe("interrupting a run", () => {
  it("eval: Ctrl-C received twice (terminal + a relaying wrapper) writes the report of what finished, exits 130; the re-run finishes", async () => {
    const runId = "int-eval";
    const args = ["eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", runId, "-o", dir, "--workers", "2"];
    const runDir = join(dir, runId);
    const run = launch(args);
    await waitFor(() => (evaluatedIds(runDir).length >= 1 ? true : undefined), "a first evaluated instance");
    await interruptTwice(run, "SIGINT");
    await expectStoppedCleanly(run, dir, runId);
    const finished = evaluatedIds(runDir);
    expect(finished.length).toBeLessThan(6);
    const report = readReport(join(runDir, `gold.${runId}.json`));
    expect(report.resolved_ids).toEqual(finished);
    expect(existsSync(join(runDir, "instances.csv"))).toBe(true);

    const resumed = await complete(args);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`${finished.length} instance(s) already have a report`);
    expect(readReport(join(runDir, `gold.${runId}.json`)).resolved_ids).toEqual([...SAMPLE_IDS]);
  }, TIMEOUT);

  it("run --model scripted: SIGTERM received twice keeps the finished rollouts and evaluations, exits 130; the re-run finishes", async () => {
    const runId = "int-run";
    const ids = SAMPLE_IDS.slice(0, 4);
    const args = ["run", "-d", SAMPLE_DIR, "-i", ...ids, "--model", "scripted", "--run-id", runId, "-o", dir, "--workers", "2", "--eval-workers", "1"];
    const runDir = join(dir, runId);
    const run = launch(args);
    await waitFor(() => (countFiles(join(runDir, "preds"), ".json") >= 1 ? true : undefined), "a first finished rollout");
    await interruptTwice(run, "SIGTERM");
    await expectStoppedCleanly(run, dir, runId);
    const kept = countFiles(join(runDir, "preds"), ".json");
    expect(kept).toBeGreaterThanOrEqual(1);
    const report = readReport(join(runDir, `scripted-sample-solver.${runId}.json`));
    expect(report.submitted_ids).toHaveLength(kept);
    expect(report.completed_ids).toEqual(evaluatedIds(runDir));

    const resumed = await complete(args);
    expect(resumed.code).toBe(0);
    expect(readReport(join(runDir, `scripted-sample-solver.${runId}.json`)).submitted_ids).toEqual(ids);
  }, TIMEOUT);

  it("infer with a remote model (slow answers): SIGINT received twice mid-rollout, exits 130; the re-run finishes", async () => {
    const runId = "int-infer";
    const args = [
      "infer", "-d", SAMPLE_DIR, "--model", "scripted-sample-solver", "--base-url", server.baseUrl, "--tokenizer", "none",
      "--agent-config", "sera-own-words", "--run-id", runId, "-o", dir, "--workers", "2",
    ];
    const runDir = join(dir, runId);
    const run = launch(args);
    await waitFor(() => (countFiles(join(runDir, "preds"), ".json") >= 1 ? true : undefined), "a first finished rollout");
    await interruptTwice(run, "SIGINT");
    await expectStoppedCleanly(run, dir, runId);
    const kept = countFiles(join(runDir, "preds"), ".json");
    expect(kept).toBeLessThan(6);
    expect(countFiles(join(runDir, "trajs"), ".traj.json")).toBe(kept);
    const lines = readFileSync(join(runDir, "predictions.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(kept);

    const resumed = await complete(args);
    expect(resumed.code).toBe(0);
    expect(readFileSync(join(runDir, "predictions.jsonl"), "utf8").trim().split("\n")).toHaveLength(6);
  }, TIMEOUT);

  it("infer interrupted before any rollout finished: the rollouts in flight are not counted as errors, and the run line says nothing finished", async () => {
    const runId = "int-early";
    const args = [
      "infer", "-d", SAMPLE_DIR, "--model", "scripted-sample-solver", "--base-url", server.baseUrl, "--tokenizer", "none",
      "--agent-config", "sera-own-words", "--run-id", runId, "-o", dir, "--workers", "2",
    ];
    const runDir = join(dir, runId);
    const run = launch(args);
    await waitFor(() => (countFiles(join(runDir, "trajs"), ".traj.json") >= 2 && countFiles(join(runDir, "preds"), ".json") === 0 ? true : undefined), "two rollouts in flight");
    run.child.kill("SIGINT");
    await expectStoppedCleanly(run, dir, runId);
    expect(countFiles(join(runDir, "preds"), ".json")).toBe(0);
    expect(run.stderr()).not.toMatch(/errors [1-9]/);
    expect(run.stdout()).toContain(`Run ${runId}: no rollout finished (interrupted: re-run the same command to resume)`);
  }, TIMEOUT);

  it("eval --executor slurm: Ctrl-C cancels the array, waits for its tasks, reports what they finished, exits 130; the re-run finishes", async () => {
    ensureSlurm();
    const runId = "int-slurm";
    const args = ["eval", "-d", SAMPLE_DIR, "-p", "gold", "--run-id", runId, "-o", dir, "--executor", "slurm", "--shards", "2", "--workers", "1", "--poll-seconds", "1"];
    const runDir = join(dir, runId);
    const run = launch(args);
    await waitFor(() => (evaluatedIds(runDir).length >= 1 ? true : undefined), "a first instance evaluated by a Slurm task");
    await interruptTwice(run, "SIGINT");
    await expectStoppedCleanly(run, dir, runId);
    expect(run.stderr()).toContain("waiting for their tasks to stop");
    const finished = evaluatedIds(runDir);
    expect(readReport(join(runDir, `gold.${runId}.json`)).resolved_ids).toEqual(finished);

    const resumed = await complete(args);
    expect(resumed.code).toBe(0);
    expect(readReport(join(runDir, `gold.${runId}.json`)).resolved_ids).toEqual([...SAMPLE_IDS]);
  }, TIMEOUT);
});
