/**
 * Agent containers get a memory and a pids limit by default (10g, 4096; recorded in run.json), and
 * their own network when asked (`--agent-network none` leaves only the loopback);
 * eval containers keep the official harness's none. The agent reads its own cgroup limits.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fixedScript } from "../src/model/scripted/sources.ts";
import { startScriptedServer } from "../src/model/scripted/server.ts";
import { steps as parseSteps } from "../src/model/scripted/steps.ts";
import { prepareSampleImages, SAMPLE_DIR, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
// cgroup v2 files first, else v1's (where "no memory limit" reads as a huge number).
const READ_LIMITS = [
  "m=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)",
  "p=$(cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max)",
  'case "$m" in 9223372036854*) m=max;; esac',
  "echo memory=$m pids=$p net=$(ls /sys/class/net | sort | tr '\\n' ,)",
].join("; ");

function cli(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stderr })));
}

async function limitsSeen(dir: string, runId: string, extra: readonly string[]): Promise<string> {
  const steps = parseSteps([{ type: "tool_calls", calls: [{ name: "bash", arguments: { command: READ_LIMITS } }] }, { type: "text", content: "done" }]);
  const server = await startScriptedServer({ source: fixedScript(steps) });
  try {
    const args = ["infer", "-d", SAMPLE_DIR, "-i", "sera-bench__csvlite-1", "--model", "sera-bench-scripted", "--base-url", server.baseUrl, "--tokenizer", "none", "--run-id", runId, "-o", dir, "--max-steps", "2", ...extra];
    const run = await cli(args);
    expect(run.status, run.stderr).toBe(0);
  } finally {
    await server.close();
  }
  const trajectory = readFileSync(join(dir, runId, "trajs", "sera-bench__csvlite-1.traj.json"), "utf8");
  return /memory=(\d+|max) pids=(\d+|max) net=[\w,]+/.exec(trajectory)?.[0] ?? "(no observation)";
}

describe("agent container limits", () => {
  let dir = "";
  beforeAll(async () => {
    await prepareSampleImages();
    dir = await tempDir("agent-limits");
  });

  it("are 10g and 4096 pids by default, recorded in run.json", { timeout: 300_000 }, async () => {
    expect(await limitsSeen(dir, "defaults", [])).toBe(`memory=${10 * 2 ** 30} pids=4096 net=eth0,lo,`);
    const meta = JSON.parse(readFileSync(join(dir, "defaults", "run.json"), "utf8")) as { options: { agent_container: unknown } };
    expect(meta.options.agent_container).toEqual({ memory_bytes: 10 * 2 ** 30, pids_limit: 4096, network: "bridge" });
  });

  it("follow --agent-memory, --agent-pids-limit and --agent-network; 'none' lifts the limits, cuts the network", { timeout: 300_000 }, async () => {
    expect(await limitsSeen(dir, "small", ["--agent-memory", "300m", "--agent-pids-limit", "64", "--agent-network", "none"])).toBe(`memory=${300 * 2 ** 20} pids=64 net=lo,`);
    expect(await limitsSeen(dir, "none", ["--agent-memory", "none", "--agent-pids-limit", "none"])).toBe("memory=max pids=max net=eth0,lo,");
  });
});
