/**
 * The trajectory is saved after every step without rewriting the whole run: the start file plus an
 * append-only step log (src/agent/trajectory-log.ts), the final file written once at the end.
 *   - a finished rollout leaves one `.traj.json` with everything (the format readers know), no log;
 *   - a process killed with SIGKILL mid-rollout loses no finished step: the report's reader (and
 *     replay's) put the start file and the log back together;
 *   - a torn last line is the step in flight; a log of an earlier rollout is ignored; a broken line
 *     in the middle is an error naming the file and line.
 */
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stepLogPath, withStepLog } from "../src/agent/trajectory-log.ts";
import { readTrajectory } from "../src/report/run/trajectory.ts";
import { readRecorded } from "../src/run/replay/recorded.ts";
import { HEADER, toolOutput, writeSteps } from "./helpers/trajectory-writer.ts";
import { waitFor } from "./helpers/wait.ts";

const ID = HEADER.instance_id;
let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sera-bench-trajlog-"));
  path = join(dir, "trajs", `${ID}.traj.json`);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Traj = { finished_at: string | null; info: { exit_status: string | null; model_stats: { api_calls: number } }; history: { role: string; content: string }[]; steps: { kind: string }[] };

/** The trajectory of n finished steps (as writeSteps builds it). */
function expectSteps(traj: Traj, n: number): void {
  expect(traj.steps.map((s) => s.kind)).toEqual(Array.from({ length: n }, () => ["model", "tool"]).flat());
  expect(traj.history.filter((m) => m.role === "tool").map((m) => m.content)).toEqual(Array.from({ length: n }, (_, i) => toolOutput(i + 1)));
  expect(traj.history).toHaveLength(2 + 2 * n);
  expect(traj.info.model_stats.api_calls).toBe(n);
}

describe("trajectory: start file + append-only step log + final file", () => {
  it("a finished rollout leaves the whole trajectory in .traj.json and no step log", async () => {
    const trajectory = await writeSteps(path, 6, () => undefined);
    const during = JSON.parse(readFileSync(path, "utf8")) as Traj;
    expect(during.finished_at).toBeNull();
    expect(during.steps).toEqual([]);
    expect(existsSync(stepLogPath(path))).toBe(true);
    expectSteps(await withStepLog(path, during), 6);

    trajectory.finish("submitted", "Submitted", "diff --git a/x b/x\n");
    await trajectory.persist();
    expect(existsSync(stepLogPath(path))).toBe(false);
    const final = JSON.parse(readFileSync(path, "utf8")) as Traj & Record<string, unknown>;
    expectSteps(final, 6);
    expect(final.info.exit_status).toBe("submitted");
    expect(Object.keys(final)).toEqual(["format", "instance_id", "run_id", "model", "context_tokens", "agent_config", "started_at", "finished_at", "wall_time_s", "info", "history", "steps"]);
    expect(readRecorded(final, path).steps).toHaveLength(6);
  });

  it("a process killed with SIGKILL mid-rollout keeps every step it had saved (report and replay readers)", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/trajectory-writer.ts", path], { stdio: ["ignore", "pipe", "inherit"] });
    let saved = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      for (const [, step] of chunk.toString().matchAll(/persisted (\d+)\n/g)) saved = Math.max(saved, Number(step));
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await waitFor(() => (saved >= 40 ? true : undefined), "40 steps saved", 60_000);
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const traj = (await readTrajectory(dir, ID)) as unknown as Traj;
    expect(traj.finished_at).toBeNull();
    const n = traj.info.model_stats.api_calls;
    expect(n).toBeGreaterThanOrEqual(saved);
    expectSteps(traj, n);
    const recorded = readRecorded(await withStepLog(path, JSON.parse(readFileSync(path, "utf8"))), path);
    expect(recorded.steps).toHaveLength(n);
  }, 90_000);

  it("a torn last line is dropped; a log of an earlier rollout is ignored; a broken middle line is an error naming file and line", async () => {
    await writeSteps(path, 3, () => undefined);
    const start = JSON.parse(readFileSync(path, "utf8")) as Traj;
    const log = stepLogPath(path);
    appendFileSync(log, '{"steps":[{"kind":"model"');
    expectSteps(await withStepLog(path, start), 3);

    const lines = readFileSync(log, "utf8").split("\n");
    writeFileSync(log, [lines[0], lines[1], "{not json", lines[2], ""].join("\n"));
    await expect(withStepLog(path, start)).rejects.toThrow(`${log} line 3: not JSON`);

    writeFileSync(log, [lines[0]!.replace(/"started_at":"[^"]+"/, '"started_at":"2001-01-01T00:00:00.000Z"'), lines[1], ""].join("\n"));
    expectSteps(await withStepLog(path, start), 0);
  });

  it("a history that changed under persisted messages is rewritten from the first change", async () => {
    const trajectory = await writeSteps(path, 2, () => undefined);
    trajectory.history = [...trajectory.history.slice(0, 3), { role: "user", content: "replaced" }];
    await trajectory.persist();
    const traj = await withStepLog(path, JSON.parse(readFileSync(path, "utf8")) as Traj);
    expect(traj.history.map((m) => m.content)).toEqual(["sys", "task", "step 1", "replaced"]);
  });
});
