/**
 * Runs as a user starts them (real processes, a scripted OpenAI-compatible server on 127.0.0.1,
 * real containers): the server's window is checked before the first rollout, what was sent is
 * recorded, tool calls written as text are warned about once, and without SERA's published files
 * only the scripted model goes on (with the own words, saying so).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_SOLUTIONS } from "../src/model/setup.ts";
import { loadScriptFile, sourceFromScriptFile } from "../src/model/scripted/script-file.ts";
import type { ScriptFile } from "../src/model/scripted/script-file.ts";
import { startScriptedServer } from "../src/model/scripted/server.ts";
import type { ScriptedServer } from "../src/model/scripted/server.ts";
import { prepareSampleImages, SAMPLE_DIR, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";
import { seraVersion } from "../src/protocol/identity-of.ts";

const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
const MODEL = "scripted-sample-solver";
const ID = "sera-bench__semver-1";

/** The CLI, asynchronously (the scripted server answers from this process meanwhile). */
function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, CI: "1", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Sources of SERA's files that all fail: no published folder, an empty cache, a download that is refused. */
async function noPublishedFiles(): Promise<NodeJS.ProcessEnv> {
  return { SERA_BENCH_PUBLISHED_DIR: "", XDG_CACHE_HOME: await mkdtemp(join(tmpdir(), "sera-no-cache-")), SERA_BENCH_PUBLISHED_URL: "http://127.0.0.1:9" };
}

let dir: string;
let solutions: ScriptFile;
let server: ScriptedServer;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("protocol-run");
  solutions = await loadScriptFile(SAMPLE_SOLUTIONS);
  server = await startScriptedServer({ source: sourceFromScriptFile(solutions), model: MODEL, maxModelLen: 32768 });
});
afterAll(() => server.close());

const chatRequests = (s: ScriptedServer) => s.requests.filter((r) => r.path === "/v1/chat/completions");

describe("knowing the server", () => {
  it("--context 64k against a server whose max_model_len is 32768 stops before the first rollout, naming both", async () => {
    const before = chatRequests(server).length;
    const result = await cli(["run", "-d", SAMPLE_DIR, "-i", ID, "--model", MODEL, "--base-url", server.baseUrl, "--context", "64k", "--run-id", "too-long", "-o", dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--context 65536 tokens exceeds the server's window: "scripted-sample-solver" at http:\/\/127\.0\.0\.1:\d+\/v1 is served with max_model_len 32768/);
    expect(chatRequests(server).length).toBe(before);
    expect(existsSync(join(dir, "too-long", "trajs"))).toBe(false);
  });

  it("a model the server does not serve is refused with the ones it does", async () => {
    const result = await cli(["infer", "-d", SAMPLE_DIR, "-i", ID, "--model", "allenai/SERA-32B", "--base-url", server.baseUrl, "--run-id", "wrong-model", "-o", dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`does not serve "allenai/SERA-32B"; it serves: "${MODEL}"`);
  });

  it("run.json records the server's window and the sampling sent: top_p 1.0 and e2e.yaml's temperature, in every request", async () => {
    const before = chatRequests(server).length;
    const result = await cli(["run", "-d", SAMPLE_DIR, "-i", ID, "--model", MODEL, "--base-url", server.baseUrl, "--context", "32k", "--run-id", "fits", "-o", dir]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Instances resolved: 1");
    expect(result.stdout).toContain(`Protocol: published (SERA's texts, from the pinned files); sera (SWE-agent e2e @${seraVersion()}) (config sha256 `);
    const meta = JSON.parse(readFileSync(join(dir, "fits", "run.json"), "utf8")) as { options: Record<string, unknown> };
    expect(meta.options.server).toEqual({ model_id: MODEL, root: null, max_model_len: 32768 });
    expect(meta.options.sampling).toEqual({ temperature: 0, top_p: 1 });
    expect(meta.options.protocol).toMatchObject({ status: "published", differs: [] });
    // The protocol identity compare and gate check: SERA's setting at the manifest's commit, the config's sha256.
    const agentConfig = meta.options.agent_config as { sha256: string };
    expect((meta as { protocol?: unknown }).protocol).toEqual({ family: "sera", version: seraVersion(), config_sha256: agentConfig.sha256 });
    expect(meta.options.limits).toMatchObject({ instance_timeout_s: null });
    const sent = chatRequests(server).slice(before).map((r) => r.body as { temperature?: number; top_p?: number });
    expect(sent.length).toBeGreaterThan(0);
    for (const body of sent) expect(body).toMatchObject({ temperature: 0, top_p: 1 });
    const report = await cli(["report", join(dir, "fits")]);
    expect(report.stdout).toMatch(/fits: 1\/1 = 100\.0% .*; protocol: published/);
  });
});

describe("tool calls written as <tool_call> text", () => {
  it("warn once that the server lacks the hermes tool parser; the run goes on", async () => {
    const entry = solutions.instances?.[ID];
    if (entry === undefined) throw new Error(`no scripted solution for ${ID}`);
    const hermes = await startScriptedServer({ source: sourceFromScriptFile({ instances: { [ID]: { ...entry, style: "hermes" } } }), model: MODEL });
    try {
      const result = await cli(["infer", "-d", SAMPLE_DIR, "-i", ID, "--model", MODEL, "--base-url", hermes.baseUrl, "--run-id", "text-calls", "-o", dir]);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain("submitted 1");
      expect(result.stderr.split("--enable-auto-tool-choice --tool-call-parser hermes").length - 1).toBe(1);
    } finally {
      await hermes.close();
    }
  });
});

describe("without SERA's published files", () => {
  it("a real model's run stops with the three ways to provide them", async () => {
    const result = await cli(["infer", "-d", SAMPLE_DIR, "-i", ID, "--model", MODEL, "--base-url", server.baseUrl, "--run-id", "no-files", "-o", dir], await noPublishedFiles());
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/could not be loaded[\s\S]*1\. [\s\S]*protocol fetch[\s\S]*2\. offline: set SERA_BENCH_PUBLISHED_DIR[\s\S]*3\. a local checkout/);
  });

  it("the demo (the scripted model) runs the own words, says so, and resolves 6/6", async () => {
    const env = await noPublishedFiles();
    const result = spawnSync("bash", [join(REPO_ROOT, "scripts", "demo.sh")], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, ...env } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Instances resolved: 6");
    expect(result.stdout).toMatch(/Protocol: custom \(differs from SERA's published texts in: .*\); SERA's published files could not be loaded .* scripted model/);
    expect(result.stdout).toMatch(/sample-demo: 6\/6 = 100\.0% .*protocol: custom/);
  }, 600_000);
});
