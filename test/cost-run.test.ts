/**
 * What a result cost, end to end: `run -d sample --model scripted` (real containers, the scripted
 * server's usage with cached tokens) writes the cost columns of instances.csv and costs.json; `report`
 * prints the per-resolved figures, and with --gpus/--gpu-hour-usd GPU-hours and dollars with the
 * formula; without a price, no dollar figure in any output.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "./helpers/csv.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { costsFileSchema } from "../src/run/files/costs.ts";
import { prepareSampleImages, SAMPLE_DIR, SAMPLE_IDS, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
const cli = (args: readonly string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });
let dir: string;
let runDir: string;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("cost-run");
  runDir = join(dir, "demo");
  const run = cli(["run", "-d", SAMPLE_DIR, "--model", "scripted", "--run-id", "demo", "-o", dir, "--workers", "2", "--eval-workers", "2"]);
  expect(run.status, run.stderr).toBe(0);
}, 900_000);


describe("the cost of the demo run", () => {
  it("instances.csv has the token columns (prompt, cached, completion, their source) and the time split", () => {
    const text = readFileSync(join(runDir, "instances.csv"), "utf8");
    const header = text.split("\n")[0]?.split(",") ?? [];
    expect(header.filter((column, i) => header.indexOf(column) !== i)).toEqual([]); // one meaning per column name
    const rows = parseCsv(text);
    expect(rows.map((r) => r.instance_id).sort()).toEqual([...SAMPLE_IDS].sort());
    for (const column of ["model_calls", "prompt_tokens", "cached_prompt_tokens", "completion_tokens", "tokens_source", "model_ms", "tool_ms", "evaluation_ms", "wall_ms", "finished_step"]) {
      expect(Object.keys(rows[0] ?? {}), column).toContain(column);
    }
    // A rollout the infrastructure ended before its first model call (a loaded machine) is an error that used nothing.
    for (const row of rows.filter((r) => r.status === "error")) expect([row.model_calls, row.prompt_tokens, row.tokens_source]).toEqual(["0", "0", ""]);
    const finished = rows.filter((r) => r.status !== "error");
    expect(finished.length).toBeGreaterThanOrEqual(4);
    for (const row of finished) {
      const n = (column: string) => Number(row[column]);
      expect(row.tokens_source).toBe("server");
      expect(n("model_calls")).toBeGreaterThan(1);
      expect(n("finished_step")).toBe(n("model_calls"));
      expect(n("prompt_tokens")).toBeGreaterThan(0);
      expect(n("completion_tokens")).toBeGreaterThan(0);
      // Every request after the first of a rollout shares its conversation's prefix: cached, never more than the prompt.
      expect(n("cached_prompt_tokens")).toBeGreaterThan(0);
      expect(n("cached_prompt_tokens")).toBeLessThan(n("prompt_tokens"));
      expect(n("model_ms")).toBeGreaterThan(0);
      expect(n("tool_ms")).toBeGreaterThan(0);
      expect(n("evaluation_ms")).toBeGreaterThan(0);
      expect(n("wall_ms")).toBeGreaterThanOrEqual(n("evaluation_ms") + n("model_ms"));
    }
  });

  it("costs.json holds the same figures, per step usage is in the trajectory", () => {
    const costs = costsFileSchema.parse(JSON.parse(readFileSync(join(runDir, "costs.json"), "utf8")));
    const rows = parseCsv(readFileSync(join(runDir, "instances.csv"), "utf8"));
    for (const cost of costs.instances) {
      const row = rows.find((r) => r.instance_id === cost.instance_id);
      expect(String(cost.prompt_tokens ?? "")).toBe(row?.prompt_tokens);
      expect(String(cost.cached_prompt_tokens ?? "")).toBe(row?.cached_prompt_tokens);
      expect(String(cost.wall_ms ?? "")).toBe(row?.wall_ms);
      expect(cost.model_busy).toHaveLength(cost.model_calls ?? -1);
    }
    const id = costs.instances.find((c) => (c.model_calls ?? 0) > 1)?.instance_id ?? "";
    const traj = JSON.parse(readFileSync(join(runDir, "trajs", `${id}.traj.json`), "utf8")) as { steps: { kind: string; prompt_tokens?: number; cached_prompt_tokens?: number; tokens_source?: string; duration_ms?: number }[] };
    const models = traj.steps.filter((s) => s.kind === "model");
    expect(models.every((s) => s.tokens_source === "server" && typeof s.cached_prompt_tokens === "number")).toBe(true);
    expect(models.slice(1).every((s) => (s.cached_prompt_tokens ?? 0) > 0)).toBe(true);
    expect(traj.steps.filter((s) => s.kind === "tool").every((s) => typeof s.duration_ms === "number")).toBe(true);
    const sum = models.reduce((a, s) => a + (s.prompt_tokens ?? 0), 0);
    expect(sum).toBe(costs.instances.find((c) => c.instance_id === id)?.prompt_tokens);
  });

  it("report --gpus 1 --gpu-hour-usd 2 prints the per-resolved figures, GPU-hours with the formula and dollars", () => {
    const out = join(dir, "priced");
    const report = cli(["report", runDir, "--gpus", "1", "--gpu-hour-usd", "2", "--out", out]);
    expect(report.status, report.stderr).toBe(0);
    const resolved = parseCsv(readFileSync(join(runDir, "instances.csv"), "utf8")).filter((r) => r.status === "resolved").length;
    expect(report.stdout).toMatch(new RegExp(`per resolved instance \\(${resolved} resolved\\): model calls [\\d,]+, tokens \\(prompt \\+ completion\\) [\\d,]+,`));
    expect(report.stdout).toContain("GPU-hours = gpus × (union of the intervals in which at least one model request was in flight) in hours");
    expect(report.stdout).toMatch(/GPU-hours [\d.e-]+ GPU-h = 1 GPU\(s\) × [\d.e-]+ h with a model request in flight/);
    expect(report.stdout).toMatch(/USD from GPU-hours: .* × \$2\/GPU-hour = \$[\d.e-]+/);
    const figures = parseCsv(readFileSync(join(out, "cost.csv"), "utf8"));
    const usd = figures.find((r) => r.figure === "USD from GPU-hours");
    const gpuHours = Number(figures.find((r) => r.figure === "GPU-hours")?.total);
    expect(gpuHours).toBeGreaterThan(0);
    expect(Number(usd?.total)).toBeCloseTo(2 * gpuHours, 12);
    expect(Number(usd?.per_resolved)).toBeCloseTo((2 * gpuHours) / resolved, 12);
    expect(readFileSync(join(out, "step-limit-curve.csv"), "utf8").split("\n")[0]).toBe("run_id,step_limit,resolved,total,rate");
  });

  it("without a price there is no dollar figure in the console, markdown, HTML, CSV or JSON", () => {
    const out = join(dir, "unpriced");
    const report = cli(["report", runDir, "--out", out]);
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).toContain("USD unknown: no price given");
    expect(report.stdout).not.toMatch(/\$\d/);
    const md = readFileSync(join(out, "summary.md"), "utf8");
    expect(md).not.toMatch(/\$\d/);
    expect(md).toMatch(/\| USD from GPU-hours \| unknown \| unknown \|/);
    const html = readFileSync(join(out, "report.html"), "utf8");
    const section = html.slice(html.indexOf("<h2>Cost</h2>"), html.indexOf("<h2>Instances</h2>"));
    expect(section).toContain("USD from token prices");
    expect(section).not.toMatch(/\$\d/);
    const figures = parseCsv(readFileSync(join(out, "cost.csv"), "utf8"));
    for (const figure of ["USD from GPU-hours", "USD from token prices", "GPU-hours"]) {
      expect(figures.find((r) => r.figure === figure)).toMatchObject({ total: "", per_resolved: "" });
    }
    const json = JSON.parse(readFileSync(join(out, "cost.json"), "utf8")) as { gpu: { usd: unknown }; tokenPrice: { usd: unknown } }[];
    expect(json[0]?.gpu.usd).toBe("unknown");
    expect(json[0]?.tokenPrice.usd).toBe("unknown");
  });
});
