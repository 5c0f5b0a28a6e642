/**
 * `sera-bench run --executor slurm` on a real one-node Slurm cluster (scripts/ensure-slurm.sh) with
 * the built-in scripted model: rollouts and evaluations as array tasks give the local `run`'s
 * verdicts and files, the API key never reaches the run folder, a re-run submits nothing, and a
 * worker refuses an agent config that changed since the run was submitted or an unreadable key file.
 */
import { execFile } from "node:child_process";
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { executorPaths, readPlanFile } from "../src/run/plan-file.ts";
import type { PlanFile } from "../src/run/plan-file.ts";
import { runWorker } from "../src/executor/worker.ts";
import { CLI, ensureSlurm } from "./helpers/slurm.ts";

const run = promisify(execFile);
const SECRET = "sk-slurm-agent-test-secret-0123456789";
let outputDir: string;

beforeAll(async () => {
  execFileSync("bash", ["scripts/ensure-docker.sh"], { stdio: "inherit" });
  execFileSync("npx", ["tsx", "src/cli/main.ts", "images", "build-sample"], { stdio: "inherit" });
  ensureSlurm();
  outputDir = await mkdtemp(join(tmpdir(), "sera-slurm-agent-"));
});

async function sera(args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  const env = { ...process.env, CI: "1", OPENAI_API_KEY: SECRET };
  return run(process.execPath, [CLI, "run", "-d", "instances/sample", "--model", "scripted", "-o", outputDir, "--workers", "2", ...args], { env, maxBuffer: 1 << 24 });
}

const slurmFlags = ["--executor", "slurm", "--shards", "2", "--poll-seconds", "0.3", "--scripted-host", "127.0.0.1"];

/** id -> status/v4 resolution/strict verdict, from each instance's result.json. */
async function verdicts(runId: string): Promise<Record<string, string>> {
  const logs = join(outputDir, runId, "logs");
  const entries: [string, string][] = [];
  for (const id of (await readdir(logs)).sort()) {
    const r = JSON.parse(await readFile(join(logs, id, "result.json"), "utf8")) as { status: string; v4?: { resolution: string }; strict?: { resolved: boolean } };
    entries.push([id, `${r.status}/${r.v4?.resolution ?? "-"}/${String(r.strict?.resolved ?? "-")}`]);
  }
  return Object.fromEntries(entries);
}

async function runFiles(runId: string) {
  const dir = join(outputDir, runId);
  const report = JSON.parse(await readFile(join(dir, `scripted-sample-solver.${runId}.json`), "utf8")) as Record<string, unknown>;
  const predictions = await readFile(join(dir, "predictions.jsonl"), "utf8");
  const csv = (await readFile(join(dir, "instances.csv"), "utf8")).split("\n").map((line) => line.split(",").slice(0, 2).join(","));
  return { report, predictions, csv };
}

async function allText(dir: string): Promise<string> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(files.filter((f) => f.isFile()).map((f) => readFile(join(f.parentPath, f.name), "utf8")));
  return texts.join("\n");
}

describe("run --executor slurm", () => {
  it("rolls out and evaluates the sample as array tasks with the local run's verdicts; a re-run submits nothing", async () => {
    const [local, slurm] = await Promise.all([sera(["--run-id", "agent-local"]), sera(["--run-id", "agent-slurm", ...slurmFlags])]);
    expect(local.stdout).toMatch(/Instances resolved: 6/);
    expect(slurm.stderr.match(/submitted Slurm job \d+ \(array tasks 0,1 of 2\)/g)).toHaveLength(1);
    expect(slurm.stdout).toMatch(/Run agent-slurm: submitted 6/);

    const expected = await verdicts("agent-local");
    expect(Object.values(expected)).toEqual(Array(6).fill("resolved/RESOLVED_FULL/true"));
    expect(await verdicts("agent-slurm")).toEqual(expected);
    const [localFiles, slurmFiles] = [await runFiles("agent-local"), await runFiles("agent-slurm")];
    expect(slurmFiles.report).toEqual(localFiles.report);
    expect(slurmFiles.predictions).toBe(localFiles.predictions);
    expect(slurmFiles.csv).toEqual(localFiles.csv);

    const plan = await readPlanFile(join(outputDir, "agent-slurm"));
    expect(plan.kind).toBe("agent");
    expect(plan.agent?.base_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(await allText(join(outputDir, "agent-slurm"))).not.toContain(SECRET);

    const again = await sera(["--run-id", "agent-slurm", ...slurmFlags]);
    expect(again.stderr).not.toMatch(/submitted Slurm job/);
    expect(again.stderr).toMatch(/6\/6 already done/);
    expect((await runFiles("agent-slurm")).report).toEqual(localFiles.report);
  });
});

describe("sera-bench worker (agent)", () => {
  /** A copy of the finished Slurm run whose plan is new (nothing done) and altered by `change`. */
  async function alteredRun(name: string, change: (plan: PlanFile) => PlanFile): Promise<string> {
    const runDir = join(outputDir, name);
    await cp(executorPaths(join(outputDir, "agent-slurm")).dir, executorPaths(runDir).dir, { recursive: true });
    const plan = change({ ...(await readPlanFile(runDir)), run_id: name, created_at: new Date().toISOString() });
    await writeFile(executorPaths(runDir).plan, JSON.stringify(plan));
    return runDir;
  }

  it("refuses an agent config whose sha256 is not the one the coordinator loaded", async () => {
    const runDir = await alteredRun("changed-config", (plan) => ({ ...plan, agent: { ...plan.agent!, agent_config: { ...plan.agent!.agent_config, sha256: "0".repeat(64) } } }));
    await expect(runWorker({ runDir, shard: { index: 0, count: 2 }, onNotice: () => undefined })).rejects.toThrow(/sha256 [0-9a-f]{64}, but the coordinator loaded 0{64}/);
    expect(await readFile(executorPaths(runDir).taskStatus(0), "utf8")).toMatch(/"failed"/);
  });

  it("names the node when the --api-key-file cannot be read there", async () => {
    const runDir = await alteredRun("missing-key", (plan) => ({ ...plan, agent: { ...plan.agent!, api_key_file: "/nonexistent/key.txt" } }));
    await expect(runWorker({ runDir, shard: { index: 1, count: 2 }, onNotice: () => undefined })).rejects.toThrow(/--api-key-file \/nonexistent\/key\.txt: cannot read the API key on node /);
  });
});
