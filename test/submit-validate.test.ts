/**
 * submit: the leaderboard folder for a complete 500-instance run (layout of the SWE-bench/experiments
 * repository, §9 of the harness reference) and each validation error, named precisely.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSubmission, folderName, SubmissionError } from "../src/report/submit/build.ts";
import { verifiedInstances } from "../src/report/summary/difficulty.ts";
import { makeRun, type FixtureInstance } from "./fixtures/report/make-run.ts";

let parent: string;
let verified: string[];

const full = (ids: readonly string[], extra: Partial<FixtureInstance> = {}): FixtureInstance[] =>
  ids.map((id, i) => ({ id, outcome: i % 2 === 0 ? "resolved" : "unresolved", traj: { exit_status: "submitted", prompt_tokens: 10, completion_tokens: 1, steps: [{}], wall_time_s: 1 }, ...extra }));

async function problems(promise: Promise<unknown>): Promise<readonly string[]> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SubmissionError);
  return (error as SubmissionError).problems;
}

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "sera-bench-submit-"));
  verified = [...(await verifiedInstances()).keys()];
});
afterAll(async () => rm(parent, { recursive: true, force: true }));

describe("submit", () => {
  it("writes all_preds.jsonl, metadata.yaml, README.md, logs/, trajs/, results/results.json and the sb-cli file", async () => {
    expect(verified).toHaveLength(500);
    const run = await makeRun(parent, { runId: "full", model: "allenai/SERA-32B", instances: full(verified), meta: { attempts: 1 } });
    const date = new Date("2026-01-31T12:00:00Z");
    const result = await buildSubmission({ run, name: "SWE-agent + SERA-32B", org: "Ai2", outDir: join(parent, "subs"), attempts: "1", date });
    expect(result.dir).toBe(join(parent, "subs", "20260131_swe-agent-sera-32b"));
    expect((await readdir(result.dir)).sort()).toEqual(["README.md", "all_preds.jsonl", "logs", "metadata.yaml", "results", "sb-cli", "trajs"]);
    const preds = (await readFile(join(result.dir, "all_preds.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { instance_id: string; model_name_or_path: string });
    expect(preds).toHaveLength(500);
    expect(new Set(preds.map((p) => p.model_name_or_path))).toEqual(new Set(["allenai/SERA-32B"]));
    const yaml = await readFile(join(result.dir, "metadata.yaml"), "utf8");
    expect(yaml).toContain('  name: "SWE-agent + SERA-32B"');
    expect(yaml).toContain('  model:\n    - "allenai/SERA-32B"');
    expect(yaml).toContain('    attempts: "1"');
    const results = JSON.parse(await readFile(join(result.dir, "results", "results.json"), "utf8")) as Record<string, string[]>;
    expect(Object.keys(results)).toEqual(["no_generation", "no_logs", "resolved"]);
    expect(results.resolved).toHaveLength(250);
    expect((await readdir(join(result.dir, "logs", verified[0] ?? ""))).sort()).toEqual(["eval.sh", "patch.diff", "report.json", "run_instance.log", "test_output.txt"]);
    expect(await readdir(join(result.dir, "trajs"))).toHaveLength(500);
    const sb = JSON.parse(await readFile(result.sbCliPredictions, "utf8")) as Record<string, { instance_id: string }>;
    expect(Object.keys(sb)).toHaveLength(500);
    expect(sb[verified[3] ?? ""]?.instance_id).toBe(verified[3]);
    expect(result.sbCliCommand).toBe(`sb-cli submit swe-bench_verified test --predictions_path ${result.sbCliPredictions} --run_id 20260131_swe-agent-sera-32b`);
    expect(result.warnings).toEqual([]);
  });

  it("refuses a run that is not all 500 Verified instances, naming what is absent and extra", async () => {
    const run = await makeRun(parent, { runId: "partial", instances: full([...verified.slice(0, 499), "sera-bench__csvlite-1"]) });
    const found = await problems(buildSubmission({ run, name: "n", org: "o", outDir: join(parent, "subs"), attempts: "1" }));
    expect(found).toContain(`expected all 500 SWE-bench Verified instances; 1 have no prediction: ${verified[499] ?? ""}`);
    expect(found).toContain("1 prediction(s) are not SWE-bench Verified instances: sera-bench__csvlite-1");
  });

  it("refuses duplicate ids and more than one model name", async () => {
    const dup = JSON.stringify({ instance_id: verified[7], model_name_or_path: "other/model", model_patch: "x" });
    const run = await makeRun(parent, { runId: "dups", instances: full(verified), extraPredictionLines: [dup] });
    const found = await problems(buildSubmission({ run, name: "n", org: "o", outDir: join(parent, "subs"), attempts: "1" }));
    expect(found).toContain(`predictions.jsonl: duplicate instance ids: ${verified[7] ?? ""}`);
    expect(found).toContain("predictions.jsonl: expected one model_name_or_path, found 2: org/model, other/model");
  });

  it("refuses several attempts unless declared 2+, and an incomplete run", async () => {
    const multi = await makeRun(parent, { runId: "multi", instances: full(verified), meta: { attempts: 3 } });
    expect(await problems(buildSubmission({ run: multi, name: "n", org: "o", outDir: join(parent, "subs"), attempts: "1" }))).toEqual([
      "run.json records attempts = 3: a pass@1 submission needs one attempt per instance (declare --attempts 2+ for best-of-k)",
    ]);
    await expect(buildSubmission({ run: multi, name: "n", org: "o", outDir: join(parent, "subs"), attempts: "2+" })).resolves.toMatchObject({ warnings: [] });
    const instances = full(verified).map((i, index) => (index === 10 ? { ...i, outcome: "not_evaluated" as const } : i));
    const broken = await makeRun(parent, { runId: "broken", instances });
    const found = await problems(buildSubmission({ run: broken, name: "n", org: "o", outDir: join(parent, "subs"), attempts: "1" }));
    expect(found.some((p) => p.startsWith(`run broken is incomplete: ${verified[10] ?? ""}: not evaluated`))).toBe(true);
  });

  it("warns when trajectories are missing and names the folder from the date and a slug", async () => {
    const run = await makeRun(parent, { runId: "notraj", instances: verified.map((id): FixtureInstance => ({ id, outcome: "resolved" })) });
    const result = await buildSubmission({ run, name: "x", org: "o", outDir: join(parent, "subs2"), attempts: "1" });
    expect(result.warnings).toEqual(["500 instance(s) have no trajectory in trajs/ (the leaderboard requires reasoning traces for agents)"]);
    expect(folderName("  Our Agent / v2 + Model  ", new Date("2025-12-01T00:00:00Z"))).toBe("20251201_our-agent-v2-model");
  });
});
