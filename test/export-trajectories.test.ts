/**
 * `sera-bench export` (issue 20, item 6) on the demo run (`run -d sample --model scripted`, real
 * containers): ATIF v1.4 checked field by field against the published description, every step's
 * tokens equal to the trajectory's; SWE-agent .traj files read back by `replay`'s reader.
 *
 * ATIF v1.4: laude-institute/harbor, docs/rfcs/0001-trajectory-format.md, "RFC: Agent Trajectory
 * Interchange Format (ATIF) Specification" (Boxuan Li, October 2025, changelog v1.4); the schema is
 * src/report/export/atif-schema.ts, written from that text.
 */
import { spawnSync } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { atifTrajectorySchema, atifStepSchema } from "../src/report/export/atif-schema.ts";
import { readOurTrajectory, isModelStep, isToolStep } from "../src/report/export/our-trajectory.ts";
import { readRecorded } from "../src/run/replay/recorded.ts";
import { prepareSampleImages, SAMPLE_DIR, tempDir } from "./helpers/eval-run.ts";

const CLI = join(import.meta.dirname, "..", "src", "cli", "main.ts");
const IDS = ["sera-bench__rational-1", "sera-bench__semver-1"] as const;
const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { encoding: "utf8", timeout: 300_000, env: { ...process.env, CI: "1" } });
let dir: string;
let run: string;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("export");
  const result = cli("run", "-d", SAMPLE_DIR, "-i", ...IDS, "--model", "scripted", "--run-id", "demo", "-o", dir, "--workers", "2", "--eval-workers", "1", "--network", "none");
  expect(result.status, result.stderr).toBe(0);
  run = join(dir, "demo");
}, 600_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("export --format atif", () => {
  it("writes one ATIF v1.4 file per instance that validates, with the trajectory's steps, tool calls, observations and tokens", async () => {
    const result = cli("export", run, "--format", "atif", "--out", join(dir, "atif"));
    expect(result.status, result.stderr).toBe(0);
    for (const id of IDS) {
      const json: unknown = JSON.parse(await readFile(join(dir, "atif", `${id}.trajectory.json`), "utf8"));
      const atif = atifTrajectorySchema.parse(json);
      const ours = await readOurTrajectory(run, id);
      if (ours === undefined) throw new Error(`no trajectory for ${id}`);
      // Root: version, session, agent.
      expect(atif.schema_version).toBe("ATIF-v1.4");
      expect(atif.session_id).toBe(`demo/${id}`);
      expect(atif.agent).toMatchObject({ name: "sera-bench", model_name: ours.model });
      // Steps: the system prompt, the instance prompt, then one agent step per model call, in order.
      expect(atif.steps.map((s) => s.step_id)).toEqual(atif.steps.map((_, i) => i + 1));
      expect(atif.steps.slice(0, 2).map((s) => [s.source, s.message])).toEqual(ours.history.slice(0, 2).map((m) => [m.role, m.content]));
      const models = ours.steps.filter(isModelStep);
      const agents = atif.steps.filter((s) => s.source === "agent");
      expect(agents.length).toBe(models.length);
      agents.forEach((step, i) => {
        const model = models[i];
        expect(step.timestamp).toBe(model?.at);
        expect(step.message).toBe(model?.content);
        const cached = model?.cached_prompt_tokens;
        expect(step.metrics).toEqual({ prompt_tokens: model?.prompt_tokens, completion_tokens: model?.completion_tokens, ...(cached === undefined ? {} : { cached_tokens: cached }) });
        expect(step.tool_calls?.map((c) => [c.tool_call_id, c.function_name, c.arguments])).toEqual(model?.tool_calls.map((c) => [c.id, c.name, JSON.parse(c.arguments)]));
      });
      // Observations: each tool result, by its call id, with the text the model was shown.
      const tools = ours.steps.filter(isToolStep);
      const results = agents.flatMap((s) => s.observation?.results ?? []);
      expect(results.map((r) => [r.source_call_id, r.content])).toEqual(tools.map((t) => [t.call.id, t.result.message ?? t.result.observation]));
      expect(atif.final_metrics).toMatchObject({ total_prompt_tokens: ours.info.model_stats.prompt_tokens, total_completion_tokens: ours.info.model_stats.completion_tokens, total_steps: atif.steps.length });
      expect(atif.extra).toMatchObject({ instance_id: id, exit_status: ours.info.exit_status, submission: ours.info.submission });
    }
  });

  it("the schema holds the RFC's rules (so the check above can fail)", () => {
    expect(atifStepSchema.safeParse({ step_id: 1, source: "user", message: "hi", metrics: { prompt_tokens: 3 } }).success).toBe(false);
    expect(atifStepSchema.safeParse({ step_id: 1, source: "agent", message: "", unknown_field: 1 }).success).toBe(false);
    expect(atifStepSchema.safeParse({ step_id: 1, source: "agent", message: "", timestamp: "yesterday" }).success).toBe(false);
    expect(atifStepSchema.safeParse({ step_id: 1, source: "agent", message: "", tool_calls: [], observation: { results: [{ source_call_id: "x", content: "" }] } }).success).toBe(false);
    const base = { schema_version: "ATIF-v1.4", session_id: "s", agent: { name: "a", version: "1" } };
    expect(atifTrajectorySchema.safeParse({ ...base, steps: [{ step_id: 2, source: "user", message: "" }] }).success).toBe(false);
    expect(atifTrajectorySchema.safeParse({ ...base, schema_version: "ATIF-v1.3", steps: [] }).success).toBe(false);
  });
});

describe("export --format swe-agent", () => {
  it("writes <id>/<id>.traj files whose actions and observations replay's reader finds, with the token totals", async () => {
    const result = cli("export", run, "-f", "swe-agent", "-o", join(dir, "swe"), "-i", IDS[0]);
    expect(result.status, result.stderr).toBe(0);
    const path = join(dir, "swe", IDS[0], `${IDS[0]}.traj`);
    const traj = JSON.parse(await readFile(path, "utf8")) as { info: { model_stats: { tokens_sent: number; tokens_received: number; api_calls: number } } };
    const ours = await readOurTrajectory(run, IDS[0]);
    if (ours === undefined) throw new Error("no trajectory");
    expect(traj.info.model_stats).toMatchObject({ tokens_sent: ours.info.model_stats.prompt_tokens, tokens_received: ours.info.model_stats.completion_tokens, api_calls: ours.info.model_stats.api_calls });
    const recorded = readRecorded(traj, path);
    expect(recorded).toMatchObject({ format: "swe-agent", instanceId: IDS[0] });
    const actions = ours.steps.filter(isToolStep).flatMap((t) => (t.result.action === undefined ? [] : [t.result.action]));
    expect(recorded.steps.map((s) => (s.kind === "action" ? s.action : ""))).toEqual(actions);
  });

  it("a run without trajectories, or an unknown instance, is an error naming it", () => {
    const missing = cli("export", run, "-f", "atif", "-o", join(dir, "x"), "-i", "sera-bench__nope-1");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("no trajectory for sera-bench__nope-1");
  });
});
