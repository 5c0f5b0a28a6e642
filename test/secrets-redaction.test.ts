/**
 * Secrets never reach results/: a server that echoes the API key in its error bodies, and a base
 * URL with credentials, through the real CLI (real processes and containers); then every file of
 * the run folders is searched for the secrets.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedScript } from "../src/model/scripted/sources.ts";
import { startScriptedServer } from "../src/model/scripted/server.ts";
import type { ScriptedServer } from "../src/model/scripted/server.ts";
import { steps } from "../src/model/scripted/steps.ts";
import { writeJsonAtomic } from "../src/util/fs-atomic.ts";
import { redactSecrets, registerSecret, registerUrlCredentials } from "../src/util/secrets.ts";
import { prepareSampleImages, SAMPLE_DIR, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
const MODEL = "echo-model";
const ID = "sera-bench__semver-1";
const KEY = "sk-echoed-KEY-93f1c7";
const PASSWORD = "CRED-PASS-5521";

function cli(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CI: "1" };
    delete env.OPENAI_API_KEY;
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

function allFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? allFiles(join(root, entry.name)) : [join(root, entry.name)]));
}

const containing = (root: string, secret: string) => allFiles(root).filter((file) => readFileSync(file, "utf8").includes(secret));

let dir: string;
let server: ScriptedServer;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("secrets");
  const echo = (status: number, text: string) => ({ type: "http_error" as const, status, body: { object: "error", message: `${text} {{authorization}}` } });
  server = await startScriptedServer({ source: fixedScript(steps([echo(500, "upstream failed for"), echo(400, "bad request with Authorization:")])), model: MODEL });
});
afterAll(() => server.close());

describe("secrets are redacted from results/", () => {
  it("an API key echoed in the server's error bodies is in no file of the run (retry events, exit message)", async () => {
    const run = await cli(["infer", "-d", SAMPLE_DIR, "-i", ID, "--model", MODEL, "--base-url", server.baseUrl, "--api-key", KEY, "--run-id", "echoed", "-o", dir, "--workers", "1"]);
    const chats = server.requests.filter((r) => r.path === "/v1/chat/completions");
    expect(chats.length, run.stderr).toBe(2);
    expect(chats[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    const trajectory = readFileSync(join(dir, "echoed", "trajs", `${ID}.traj.json`), "utf8");
    expect(trajectory).toContain("upstream failed for Bearer [REDACTED]");
    expect(trajectory).toContain("bad request with Authorization: Bearer [REDACTED]");
    expect(containing(join(dir, "echoed"), KEY)).toEqual([]);
    expect(run.stderr).not.toContain(KEY);
  });

  it("credentials in the base URL are in no file of the run (run.json's base URL and server note, retry events)", async () => {
    const url = new URL(server.baseUrl);
    const withCredentials = `http://alice:${PASSWORD}@${url.host}${url.pathname}`;
    const run = await cli([
      "infer", "-d", SAMPLE_DIR, "-i", ID, "--model", MODEL, "--base-url", withCredentials, "--run-id", "credentials", "-o", dir, "--workers", "1", "--instance-timeout", "5",
    ]);
    const meta = JSON.parse(readFileSync(join(dir, "credentials", "run.json"), "utf8")) as { options: { base_url: string } };
    expect(meta.options.base_url, run.stderr).toBe(`http://[REDACTED]@${url.host}${url.pathname}`);
    expect(containing(join(dir, "credentials"), PASSWORD)).toEqual([]);
    expect(run.stderr).not.toContain(PASSWORD);
  });

  it("redacts registered values, as written and JSON-escaped; short ones only where they are credentials", () => {
    registerSecret('long"secret\\value');
    registerSecret("tiny");
    registerUrlCredentials("http://bob:p%40ss@host/v1");
    expect(redactSecrets(JSON.stringify({ key: 'long"secret\\value' }))).toBe('{"key":"[REDACTED]"}');
    expect(redactSecrets("Bearer tiny; a tiny word")).toBe("Bearer [REDACTED]; a tiny word");
    expect(redactSecrets("GET http://bob:p%40ss@host/v1 and bob:p@ss")).toBe("GET http://[REDACTED]@host/v1 and [REDACTED]");
    registerSecret("EMPTY");
    expect(redactSecrets("EMPTY")).toBe("EMPTY");
  });

  it("the writer of results/ (run.json, a Slurm plan.json, task status, trajectories) applies it", async () => {
    registerUrlCredentials("http://carol:plan-secret-77@gpu01:8000/v1");
    const file = join(dir, "plan.json");
    await writeJsonAtomic(file, { agent: { base_url: "http://carol:plan-secret-77@gpu01:8000/v1" } });
    expect(readFileSync(file, "utf8")).not.toContain("plan-secret-77");
    expect(readFileSync(file, "utf8")).toContain("http://[REDACTED]@gpu01:8000/v1");
  });
});
