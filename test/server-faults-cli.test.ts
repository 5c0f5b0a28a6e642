/**
 * A model server that fails, as a user meets it (real processes, real containers, the scripted
 * server's fault modes): a server that never answers is the server's error, not the model's, and
 * stops the run; a server that cannot be reached at all stops it at once, without back-off.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixedScript } from "../src/model/scripted/sources.ts";
import { startScriptedServer } from "../src/model/scripted/server.ts";
import { steps as parseSteps } from "../src/model/scripted/steps.ts";
import type { StepInput } from "../src/model/scripted/steps.ts";
import { testEngine } from "./helpers/docker.ts";
import { prepareSampleImages, SAMPLE_DIR, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
const MODEL = "scripted-remote";
let dir: string;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("server-faults-cli");
});

/** `node bin/sera-bench.js ARGS` to its end, without blocking this process (the scripted server lives here). */
function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
}

const remote = (baseUrl: string, runId: string) => [
  "-d", SAMPLE_DIR, "--model", MODEL, "--base-url", baseUrl, "--tokenizer", "none", "--agent-config", "sera-own-words", "--run-id", runId, "-o", dir, "--workers", "1",
];

describe("a failing model server, from the command line", () => {
  it("a server that never answers, with --instance-timeout 10: errors, the breaker stops the run after 3, exit 1; gate --max-error-rate 0 fails", async () => {
    const hang: StepInput = { type: "hang", ms: 300_000 };
    // It lists the model but no max_model_len: the window check is skipped, and the console says so.
    const server = await startScriptedServer({ source: fixedScript(parseSteps(Array<StepInput>(40).fill(hang))), model: MODEL, maxModelLen: null });
    try {
      const run = await cli(["run", ...remote(server.baseUrl, "hung"), "--instance-timeout", "10", "--eval-workers", "1"]);
      process.stderr.write(`hung server: the run stopped after ${(run.ms / 1000).toFixed(1)} s\n`);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain(`context window check skipped: the server does not report a numeric max_model_len for "${MODEL}"; --context 32768 tokens is taken as given`);
      expect(run.stderr).toMatch(/stopped run hung: 3 instances in a row \(.+\) failed with the same error: Exit due to the model server: it did not answer within the instance time limit \(10 s\)/);
      const report = JSON.parse(readFileSync(join(dir, "hung", `${MODEL}.hung.json`), "utf8")) as { error_ids: string[]; empty_patch_ids: string[] };
      expect([report.error_ids.length, report.empty_patch_ids.length]).toEqual([3, 0]);
      expect(await testEngine().listByLabels({ "sera-bench.run-id": "hung" })).toEqual([]);

      const gate = await cli(["gate", join(dir, "hung"), "--min-resolve-rate", "0", "--max-error-rate", "0", "--allow-incomplete"]);
      expect(gate.code, gate.stdout + gate.stderr).toBe(1);
      expect(gate.stdout).toMatch(/error/i);
    } finally {
      await server.close();
    }
  }, 600_000);

  it("a server never reached (closed port at the pre-flight and at the first call) stops the run at once, before any back-off", async () => {
    const gone = await startScriptedServer({ source: fixedScript([]) });
    await gone.close();
    const run = await cli(["infer", ...remote(gone.baseUrl, "never-seen")]);
    process.stderr.write(`closed port: the run stopped after ${(run.ms / 1000).toFixed(1)} s\n`);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain("context window check skipped: its model list could not be read (GET http://127.0.0.1:");
    // Its own error, from one new try before the first container: not the breaker's, after 3 instances of 7 back-offs each.
    expect(run.stderr).toMatch(/cannot be reached: the pre-flight check failed \(GET \S+\/models: fetch failed: connect ECONNREFUSED \S+\) and so did a new try when the first rollout started \(Connection error\.: connect ECONNREFUSED/);
    expect(run.stderr).not.toContain("stopped run never-seen");
    // The rollouts that tried end as the server's errors, with no model call and no container.
    const trajs = readdirSync(join(dir, "never-seen", "trajs")).map((f) => JSON.parse(readFileSync(join(dir, "never-seen", "trajs", f), "utf8")) as { info: { exit_status: string; model_stats: { api_calls: number } }; steps: { kind: string }[] });
    expect(trajs.length).toBeGreaterThanOrEqual(1);
    for (const traj of trajs) expect([traj.info.exit_status, traj.info.model_stats.api_calls, traj.steps.filter((step) => step.kind === "retry").length]).toEqual(["exit_api", 0, 0]);
    expect(await testEngine().listByLabels({ "sera-bench.run-id": "never-seen" })).toEqual([]);
  }, 300_000);
});
