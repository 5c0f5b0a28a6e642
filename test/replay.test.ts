/**
 * `sera-bench replay`: a trajectory the scripted model produced is reproduced step by step in a
 * fresh container; a file changed in the image is reported at the step where it shows; SWE-agent's
 * .traj format (actions and raw observations) replays the same way.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "./helpers/docker.ts";
import { prepareSampleImages, SAMPLE_DIR, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
const ID = "sera-bench__semver-1";
const IMAGE = "sera-bench/sweb.eval.x86_64.sera-bench_1776_semver-1:latest";
const CHANGED_IMAGE = "sera-bench-test/semver-1-changed:latest";
const cli = (args: readonly string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });
let dir: string;
let traj: string;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("replay");
  // Containers of earlier, dead processes (owner pid gone) would blur the no-leftover check below.
  expect(cli(["cleanup"]).status).toBe(0);
  const infer = cli(["infer", "-d", SAMPLE_DIR, "-i", ID, "--model", "scripted", "--run-id", "recorded", "-o", dir]);
  expect(infer.status, infer.stderr).toBe(0);
  traj = join(dir, "recorded", "trajs", `${ID}.traj.json`);
  // The same repository with one committed change: a comment line on top of the file the solution views.
  execFileSync("docker", ["build", "-q", "-t", CHANGED_IMAGE, "-"], {
    input: `FROM ${IMAGE}\nRUN cd /testbed && sed -i '1i # changed in the image' semver/version.py && git -c user.name=t -c user.email=t@t commit -qam changed\n`,
    stdio: ["pipe", "pipe", "pipe"],
  });
}, 900_000);

describe("sera-bench replay", () => {
  it("reproduces every observation of a trajectory the scripted model produced", async () => {
    const result = cli(["replay", traj, "-d", SAMPLE_DIR, "--json", join(dir, "replay.json")]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^7 step\(s\): 7 reproduced, 0 differ$/m);
    const report = JSON.parse(readFileSync(join(dir, "replay.json"), "utf8")) as { steps: { status: string }[] };
    expect(report.steps.map((s) => s.status)).toEqual(Array(7).fill("same"));
    expect(await testEngine().listByLabels({ "sera-bench.instance-id": ID, "sera-bench.role": "agent" })).toEqual([]);
  });

  it("a file changed in the image is reported at the step where it shows (exit 2)", () => {
    const result = cli(["replay", traj, "-d", SAMPLE_DIR, "--image", CHANGED_IMAGE]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stdout).toMatch(/^step 1 same /m);
    expect(result.stdout).toMatch(/^step 2 DIFFERS str_replace_editor \{"command":"view","path":"\/testbed\/semver\/version\.py"\}\n {4}line 3: recorded .*\n {4}line 3: now {6}"     1\\t# changed in the image"/m);
    expect(result.stdout).toMatch(/differ \(first at step 2\)$/m);
  });

  it("replays SWE-agent's .traj format: actions and raw observations", () => {
    const ours = JSON.parse(readFileSync(traj, "utf8")) as { steps: { kind: string; result?: { kind: string; action?: string; output?: string; observation?: string } }[] };
    const trajectory = ours.steps.flatMap((s) => {
      if (s.kind !== "tool" || s.result === undefined) return [];
      if (s.result.kind === "observation") return [{ action: s.result.action, observation: s.result.output }];
      return [{ action: s.result.action, observation: s.result.observation }];
    });
    const file = join(dir, `${ID}.traj`);
    writeFileSync(file, JSON.stringify({ trajectory, history: [], info: {} }));
    const result = cli(["replay", file, "-d", SAMPLE_DIR]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`of ${ID} (swe-agent trajectory)`);
    expect(result.stdout).toMatch(/^7 step\(s\): 7 reproduced, 0 differ$/m);
  });

  it("a file that is no trajectory is refused with its name and what was expected", () => {
    const file = join(dir, "not-a-traj.json");
    writeFileSync(file, JSON.stringify({ hello: 1 }));
    const result = cli(["replay", file, "-d", SAMPLE_DIR]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}: neither a sera-bench trajectory`);
  });
});
