/** The run lock: an exclusive create, so of processes started together exactly one gets it, stale locks included. */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireRunLock } from "../src/run/lock.ts";
import { waitFor } from "./helpers/wait.ts";

const DEAD_PID = 2 ** 22 + 12345; // above pid_max's default: never alive
const CONTENDERS = 6;
const dir = mkdtempSync(join(tmpdir(), "sera-lock-"));

interface Contender { readonly child: ChildProcessWithoutNullStreams; readonly lines: string[] }

function startContender(): Contender {
  const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/lock-contender.ts"], { stdio: ["pipe", "pipe", "pipe"] });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => lines.push(line));
  return { child, lines };
}

const contenders: Contender[] = [];
beforeAll(async () => {
  for (let i = 0; i < CONTENDERS; i += 1) contenders.push(startContender());
  await waitFor(() => (contenders.every((c) => c.lines.includes("ready")) ? true : undefined), "contenders ready");
}, 120_000);
afterAll(() => {
  for (const { child } of contenders) child.stdin.end();
});

/** Every contender asks at once; returns what each answered. */
async function contend(path: string): Promise<string[]> {
  const before = contenders.map((c) => c.lines.length);
  for (const { child } of contenders) child.stdin.write(`acquire ${path}\n`);
  await waitFor(() => (contenders.every((c, i) => c.lines.length > before[i]!) ? true : undefined), "every contender answered", 60_000);
  const answers = contenders.map((c, i) => c.lines[before[i]!]!);
  const released = contenders.map((c) => c.lines.length);
  for (const { child } of contenders) child.stdin.write("release\n");
  await waitFor(() => (contenders.every((c, i) => c.lines.length > released[i]!) ? true : undefined), "every contender released", 60_000);
  return answers;
}

describe("run lock under contention (real processes)", () => {
  it("exactly one of processes started together gets a free lock, every round", async () => {
    for (let round = 0; round < 6; round += 1) {
      const answers = await contend(join(dir, `free-${round}`, ".lock"));
      expect(answers.filter((a) => a === "won"), `round ${round}: ${answers.join(", ")}`).toHaveLength(1);
      expect(answers.filter((a) => a === "lost")).toHaveLength(CONTENDERS - 1);
    }
  }, 300_000);

  it("exactly one takes over a stale lock (its owner's pid is gone), every round; no takeover files are left", async () => {
    for (let round = 0; round < 4; round += 1) {
      const folder = join(dir, `stale-${round}`);
      const path = join(folder, ".lock");
      mkdirSync(folder, { recursive: true });
      writeFileSync(path, JSON.stringify({ pid: DEAD_PID, host: hostname(), started_at: "2020-01-01T00:00:00Z" }));
      const answers = await contend(path);
      expect(answers.filter((a) => a === "won"), `round ${round}: ${answers.join(", ")}`).toHaveLength(1);
      expect(readdirSync(folder)).toEqual([]);
    }
  }, 300_000);
});

describe("run lock holders", () => {
  it("refuses a live holder and another host's lock, naming them; takes over a dead one", async () => {
    const path = join(dir, "holders", ".lock");
    const lock = await acquireRunLock(path, "r1");
    await expect(acquireRunLock(path, "r1")).rejects.toThrow(`run r1 is already in progress (pid ${process.pid}`);
    await lock.release();
    writeFileSync(path, JSON.stringify({ pid: DEAD_PID, host: "elsewhere", started_at: "2020-01-01T00:00:00Z" }));
    await expect(acquireRunLock(path, "r1")).rejects.toThrow(`on host elsewhere, started 2020-01-01T00:00:00Z); if that process is gone, remove ${path}`);
    writeFileSync(path, JSON.stringify({ pid: DEAD_PID, host: hostname(), started_at: "2020-01-01T00:00:00Z" }));
    await (await acquireRunLock(path, "r1")).release();
    expect(readdirSync(join(dir, "holders"))).toEqual([]);
  });
});
