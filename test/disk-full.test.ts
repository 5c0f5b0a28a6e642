/**
 * The output disk fills up during `run` (a real small tmpfs as --output-dir; needs root): the run
 * ends with a message naming the file and what to do (no stack), exit 1, no container of the run and
 * no lock left, finished work kept; once there is room, the same command finishes the rest.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLayout } from "../src/run/layout.ts";
import { testEngine } from "./helpers/docker.ts";
import { prepareSampleImages, SAMPLE_DIR, SAMPLE_IDS, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
let mountPoint: string | undefined;

function sh(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr}`);
}

function cli(args: readonly string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  await prepareSampleImages();
  const dir = join(await tempDir("disk-full"), "out");
  mkdirSync(dir);
  // Room for run.json and a few instances (a trajectory is ~30 KB), not for all six.
  sh("mount", ["-t", "tmpfs", "-o", "size=200k", "tmpfs", dir]);
  mountPoint = dir;
});

afterAll(() => {
  if (mountPoint !== undefined) sh("umount", [mountPoint]);
});

describe("a full output disk during run", () => {
  it("stops cleanly with a message naming the file, keeps finished work, and the re-run finishes once there is room", async () => {
    const out = mountPoint as string;
    const runId = "full";
    const args = ["run", "-d", SAMPLE_DIR, "--model", "scripted", "--run-id", runId, "-o", out, "--workers", "2", "--eval-workers", "1"];
    const full = cli(args);
    expect(full.status, full.stderr).toBe(1);
    expect(full.stderr).toMatch(new RegExp(`sera-bench: cannot write ${out}/${runId}/\\S+: no space left on the device: free space on that filesystem \\(ENOSPC\\) or choose another --output-dir, then re-run the same command`));
    expect(full.stderr).not.toMatch(/^\s+at /m);
    const layout = runLayout(out, runId);
    expect(existsSync(layout.lock)).toBe(false);
    const kept = readdirSync(join(out, runId, "preds")).map((name) => name.replace(/\.json$/, ""));
    expect(kept.length).toBeLessThan(6);
    for (const id of kept) expect(JSON.parse(readFileSync(layout.prediction(id), "utf8"))).toMatchObject({ instance_id: id });
    expect(await testEngine().listByLabels({ "sera-bench.run-id": runId })).toEqual([]);

    sh("mount", ["-o", "remount,size=50m", out]);
    const resumed = cli(args);
    expect(resumed.status, resumed.stderr).toBe(0);
    const report = JSON.parse(readFileSync(layout.runReport("scripted-sample-solver"), "utf8")) as { submitted_ids: string[] };
    expect(report.submitted_ids).toEqual([...SAMPLE_IDS]);
  }, 900_000);
});
