/**
 * `npm run bench:full -- --quick` as a test (issue 21): the whole simulated run (24 generated
 * instances x 3 seeds, 8 rollouts at once against the scripted model server, streaming evaluation,
 * `report` over the seeds) ends with every instance resolved, every seed reported, the reports
 * written and no container left with the run's labels. Correctness only: its figures are printed,
 * never asserted.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/shared.ts";

const TIMEOUT = 900_000;
let dir: string | undefined;
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

interface Outcome {
  settings: { instances: number; seeds: number };
  outcome: { seeds: { id: string; reported: boolean; total: number; resolved: number; errors: number; containersLeft: number }[] };
  reports: { what: string; files: { name: string; mb: number }[] }[];
}

function benchFull(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/full.ts", ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

describe("bench:full --quick", () => {
  it("resolves every instance of every seed, reports the seeds and leaves no container", async () => {
    dir = await mkdtemp(join(tmpdir(), "sera-bench-full-quick-"));
    const json = join(dir, "figures.json");
    const { code, output } = await benchFull(["--quick", "--json", json]);
    expect({ code, tail: code === 0 ? "" : output.slice(-3000) }).toEqual({ code: 0, tail: "" });
    console.log(output.slice(output.indexOf("\nbench:full --quick")));
    const result = JSON.parse(await readFile(json, "utf8")) as Outcome;
    const { instances, seeds } = result.settings;
    expect(result.outcome.seeds.map((s) => s.id.replace(/^full-[a-z0-9]+-/, ""))).toEqual(Array.from({ length: seeds }, (_, k) => `s${k + 1}`));
    for (const seed of result.outcome.seeds) {
      expect(seed).toEqual({ id: seed.id, reported: true, total: instances, resolved: instances, errors: 0, containersLeft: 0 });
    }
    for (const report of result.reports) expect(report.files.map((f) => f.name).sort()).toEqual([
      "cost.csv", "cost.json", "report.html", "step-limit-curve.csv", "summary.csv", "summary.json", "summary.md", "token-budget-curve.csv", "token-distribution.csv", "trajectories",
    ]);
    expect(output).toContain("wall ");
    expect(output).toContain("Docker Engine API calls");
  }, TIMEOUT);
});
