/**
 * `sera-bench infer` / `run` as a user runs them (real processes, the built-in scripted model, real
 * containers): seeds, secrets kept out of results/, bad flags, and a run killed with SIGKILL.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./helpers/wait.ts";
import { testEngine } from "./helpers/docker.ts";
import { prepareSampleImages, SAMPLE_DIR, SAMPLE_IDS, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
const cli = (args: readonly string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });
let dir: string;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("agent-cli");
});

function allFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? allFiles(join(root, entry.name)) : [join(root, entry.name)],
  );
}

describe("sera-bench infer / run", () => {
  it("run --seeds 2 makes two runs with their own sampling seeds, and no API key reaches results/", () => {
    const result = cli([
      "run", "-d", SAMPLE_DIR, "-i", "sera-bench__rational-1", "--model", "scripted", "--run-id", "seeded", "--seeds", "2",
      "--api-key", "sk-test-SECRET-4242", "-o", dir, "--workers", "1", "--eval-workers", "1",
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Instances resolved: 1");
    for (const [k, seed] of [[1, 1], [2, 2]] as const) {
      const meta = JSON.parse(readFileSync(join(dir, `seeded-s${k}`, "run.json"), "utf8")) as { options: { sampling: { seed: number } } };
      expect(meta.options.sampling.seed).toBe(seed);
      expect(existsSync(join(dir, `seeded-s${k}`, "trajs", "sera-bench__rational-1.traj.json"))).toBe(true);
    }
    const leaks = allFiles(dir).filter((file) => readFileSync(file, "utf8").includes("SECRET-4242"));
    expect(leaks).toEqual([]);
  });

  it("bad flags are errors that say what to fix (exit 1)", () => {
    const context = cli(["infer", "-d", SAMPLE_DIR, "--model", "scripted", "--run-id", "x", "--context", "lots", "-o", dir]);
    expect(context.status).toBe(1);
    expect(context.stderr).toContain("--context: expected 32k, 64k or a number of tokens");
    const noUrl = cli(["infer", "-d", SAMPLE_DIR, "--model", "allenai/SERA-32B", "--run-id", "x", "-o", dir]);
    expect(noUrl.status).toBe(1);
    expect(noUrl.stderr).toContain("--base-url is required");
  });

  it("an infer run killed with SIGKILL is finished by the same command without redoing finished rollouts", async () => {
    const args = [CLI, "infer", "-d", SAMPLE_DIR, "--model", "scripted", "--run-id", "killed", "-o", dir, "--workers", "1"];
    const trajs = join(dir, "killed", "trajs");
    // Finished as the resume rule has it: the final trajectory and then the saved prediction (preds/<id>.json)
    // are written; a kill between the two leaves a rollout the re-run rightly does again.
    const finished = () => (existsSync(trajs) ? readdirSync(trajs).filter((f) => f.endsWith(".traj.json") && JSON.parse(readFileSync(join(trajs, f), "utf8")).info.exit_status !== null && existsSync(join(dir, "killed", "preds", f.replace(/\.traj\.json$/, ".json")))) : []);
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await waitFor(() => (finished().length >= 2 ? true : undefined), "two finished rollouts");
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const before = new Map(finished().map((f) => [f, readFileSync(join(trajs, f), "utf8")]));
    expect(before.size).toBeGreaterThanOrEqual(2);
    expect(before.size).toBeLessThan(6);
    const resumed = cli(args.slice(1));
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain("submitted 6");
    for (const [file, content] of before) expect(readFileSync(join(trajs, file), "utf8")).toBe(content);
    const predictions = readFileSync(join(dir, "killed", "predictions.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { instance_id: string });
    expect(predictions.map((p) => p.instance_id)).toEqual([...SAMPLE_IDS]);
    expect(await testEngine().listByLabels({ "sera-bench.run-id": "killed" })).toEqual([]);
  });
});
