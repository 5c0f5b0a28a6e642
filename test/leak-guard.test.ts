/**
 * The leak guard on the leak-guard sample (instances/leak/): its image holds a side branch
 * `future-fix` with the fix after base_commit, `.git/COMMIT_EDITMSG` with the fix's message and a
 * locked linked worktree detached at the fix. In a container, the guard leaves none of them (and
 * HEAD and the work tree as they were). A scripted agent runs `git log --all`: without the guard it
 * sees the fix's commit, with the guard it does not (and the commit's object is gone); both
 * trajectories list the command as a leak attempt. Real engine, scripted model over HTTP.
 * The scan's rules: test/leak-scan.test.ts.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSampleImages } from "../src/images/sample-images.ts";
import { runLeakGuard } from "../src/agent/leak-guard.ts";
import type { LeakGuardInfo } from "../src/agent/leak-guard.ts";
import type { LeakAttempt } from "../src/agent/leak-scan.ts";
import { writeReport } from "../src/report/write-report.ts";
import { scriptedRollout } from "./helpers/agent.ts";
import { ensureDockerAndBaseImage, testEngine, testLabels } from "./helpers/docker.ts";
import { tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const LEAK_DIR = fileURLToPath(new URL("../instances/leak/", import.meta.url));
const ID = "sera-bench__intervals-2";
const IMAGE = "sera-bench/sweb.eval.x86_64.sera-bench_1776_intervals-2:latest";
const FUTURE_SUBJECT = "Fix the reported bug (future commit, past base_commit)";

const bash = (command: string) => ({ type: "tool_calls" as const, calls: [{ name: "bash", arguments: { command } }] });
const submit = { type: "tool_calls" as const, calls: [{ name: "submit", arguments: {} }] };

let dir = "";
let futureSha = "";

beforeAll(async () => {
  ensureDockerAndBaseImage();
  await buildSampleImages({ instancesDir: LEAK_DIR });
  futureSha = execFileSync("docker", ["run", "--rm", IMAGE, "git", "-C", "/testbed", "rev-parse", "future-fix"], { encoding: "utf8" }).trim();
  dir = await tempDir("leak-guard");
}, 900_000);

async function rollout(runId: string, leakGuard: boolean) {
  const run = await scriptedRollout({
    instanceId: ID, runId, outputDir: dir, dataset: LEAK_DIR, leakGuard, evaluate: true,
    steps: [bash("git log --all --oneline"), bash(`git cat-file -t ${futureSha} || echo object-gone`), submit, submit],
  });
  const observations = run.trajectory.history.filter((m) => m.role === "tool").map((m) => m.content);
  const info = run.trajectory.info as typeof run.trajectory.info & { leak_guard: LeakGuardInfo | null; leak_attempts: LeakAttempt[] };
  const [header = "", ...lines] = readFileSync(run.summary.layout.instancesCsv, "utf8").trim().split("\n");
  // No field of these rows holds a comma or a quote: a plain split reads them.
  const csv = lines.map((line) => Object.fromEntries(line.split(",").map((value, i) => [header.split(",")[i], value])) as Record<string, string>);
  return { observations, info, csv };
}

describe("leak guard", () => {
  it("the sample's image holds the fix after base_commit", () => {
    expect(futureSha).toMatch(/^[0-9a-f]{40}$/);
  });

  it("without the guard, git log --all shows the future fix; the command is listed as a leak attempt", { timeout: 300_000 }, async () => {
    const { observations, info, csv } = await rollout("unguarded", false);
    expect(csv.map((row) => [row.instance_id, row.status, row.leak_attempts])).toEqual([[ID, "empty", "git log --all [call 1]"]]);
    expect(observations[0]).toContain(FUTURE_SUBJECT);
    expect(observations[1]).toContain("commit");
    expect(info.leak_guard).toBeNull();
    expect(info.leak_attempts).toEqual([{ call: 1, kind: "git log --all", command: "git log --all --oneline" }]);
  });

  it("with the guard, git log --all lists nothing past base_commit and the fix's object is gone", { timeout: 300_000 }, async () => {
    const { observations, info, csv } = await rollout("guarded", true);
    expect(csv.map((row) => row.leak_attempts)).toEqual(["git log --all [call 1]"]);
    expect(observations[0]).not.toContain(FUTURE_SUBJECT);
    expect(observations[0]).toContain("sera-bench sample instance: base commit");
    expect(observations[1]).toContain("object-gone");
    expect(info.leak_guard?.removed_refs).toEqual(["refs/heads/future-fix"]);
    expect(info.leak_guard?.ms).toBeGreaterThan(0);
    expect(info.leak_attempts).toEqual([{ call: 1, kind: "git log --all", command: "git log --all --oneline" }]);
    const report = await writeReport({ runs: [join(dir, "guarded")], outDir: join(dir, "guarded-report"), dataset: LEAK_DIR });
    expect(report.data.runs[0]?.agent.leakAttempts).toEqual([`${ID} (git log --all)`]);
    expect(readFileSync(report.files.md, "utf8")).toContain(`- Leak attempts: ${ID} (git log --all)`);
  });
});

describe("the guard in a container of the leak sample", () => {
  const engine = testEngine();
  const labels = testLabels("leak-guard");
  /** What of the future the repository shows, one `key: value` line each. */
  const TRACES = `cd /testbed
echo "editmsg: $(cat .git/COMMIT_EDITMSG 2>/dev/null | head -n1 || true)"
echo "worktrees: $(git worktree list --porcelain | grep -c '^worktree ')"
echo "admin: $(ls -A .git/worktrees 2>/dev/null | wc -l)"
echo "dir: $(test -e /root/future-worktree && echo present || echo absent)"
echo "object: $(git cat-file -t "$1" 2>/dev/null || echo gone)"
echo "head: $(git rev-parse HEAD) $(git symbolic-ref -q HEAD)"
echo "status: $(git status --porcelain | wc -l)"
echo "mentions: $(grep -rlI -e "$1" -e "$2" .git --exclude-dir=objects | wc -l)"`;
  const traces = async (sandbox: { exec(argv: string[]): Promise<{ output: string; exitCode: number | null }> }) => {
    const result = await sandbox.exec(["bash", "-c", TRACES, "traces", futureSha, FUTURE_SUBJECT]);
    expect(result.exitCode, result.output).toBe(0);
    return Object.fromEntries(result.output.trim().split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]));
  };

  it("removes COMMIT_EDITMSG with the future message and the linked worktree past HEAD; HEAD and the work tree stay", async () => {
    const sandbox = await engine.create({ image: IMAGE, name: `sera-test-leak-guard-${Date.now()}`, labels });
    try {
      const before = await traces(sandbox);
      expect(before).toMatchObject({ editmsg: FUTURE_SUBJECT, worktrees: "2", admin: "1", dir: "present", object: "commit", status: "0" });
      expect(Number(before.mentions)).toBeGreaterThan(0);
      const info = await runLeakGuard(sandbox);
      const after = await traces(sandbox);
      // No file of .git but the object store names the fix's commit or quotes its message.
      expect(after).toEqual({ ...before, editmsg: "", worktrees: "1", admin: "0", dir: "absent", object: "gone", mentions: "0" });
      expect(info.removed_refs).toEqual(["refs/heads/future-fix"]);
      expect(info.removed_worktrees).toEqual(["/root/future-worktree"]);
      expect(info.removed_files).toEqual(["COMMIT_EDITMSG"]);
    } finally {
      await sandbox.remove();
    }
    expect(await engine.listByLabels(labels)).toEqual([]);
  });
});

describe("sera-bench run on instances/leak", () => {
  const cli = (args: readonly string[]) => spawnSync(process.execPath, [join(REPO_ROOT, "bin", "sera-bench.js"), ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });
  const runJson = (runId: string) => JSON.parse(readFileSync(join(dir, runId, "run.json"), "utf8")) as { options: { leak_guard: boolean } };
  const traj = (runId: string) => JSON.parse(readFileSync(join(dir, runId, "trajs", `${ID}.traj.json`), "utf8")) as { info: { leak_guard: LeakGuardInfo | null } };

  it("records the guard in run.json and the trajectory; --no-leak-guard turns it off; the gold-like fix resolves either way", { timeout: 600_000 }, () => {
    const guarded = cli(["run", "-d", LEAK_DIR, "--model", "scripted", "--run-id", "cli-guarded", "-o", dir, "--workers", "1", "--eval-workers", "1"]);
    expect(guarded.status, guarded.stderr).toBe(0);
    expect(guarded.stdout).toContain("Instances resolved: 1");
    expect(runJson("cli-guarded").options.leak_guard).toBe(true);
    expect(traj("cli-guarded").info.leak_guard?.removed_refs).toEqual(["refs/heads/future-fix"]);
    const open = cli(["infer", "-d", LEAK_DIR, "--model", "scripted", "--run-id", "cli-open", "-o", dir, "--workers", "1", "--no-leak-guard"]);
    expect(open.status, open.stderr).toBe(0);
    expect(runJson("cli-open").options.leak_guard).toBe(false);
    expect(traj("cli-open").info.leak_guard).toBeNull();
  });
});
