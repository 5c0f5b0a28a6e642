/**
 * Rollouts under faults, on the real engine with the scripted server: the agent container killed
 * after an edit (the last diff is still the prediction), and a hung or refusing model server under
 * the instance wall clock (the call is aborted, the retries stop).
 */
import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { testEngine, waitFor } from "./helpers/docker.ts";
import { scriptedRollout, solutionSteps } from "./helpers/agent.ts";
import { prepareSampleImages, tempDir } from "./helpers/eval-run.ts";
import { runLayout } from "../src/run/layout.ts";
import { withStepLog } from "../src/agent/trajectory-log.ts";

const ID = "sera-bench__intervals-1";
let dir: string;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("agent-faults");
});

const bash = (command: string) => ({ type: "tool_calls" as const, calls: [{ name: "bash", arguments: { command } }] });
const submit = { type: "tool_calls" as const, calls: [{ name: "submit", arguments: {} }] };

/** The trajectory's recorded steps so far (its start file plus the step log), once the file exists. */
async function recordedSteps(path: string): Promise<{ kind: string; call?: { name: string } }[]> {
  if (!existsSync(path)) return [];
  try {
    const saved = JSON.parse(readFileSync(path, "utf8")) as { steps: { kind: string; call?: { name: string } }[] };
    return (await withStepLog(path, saved)).steps;
  } catch {
    return [];
  }
}

describe("rollout faults", () => {
  it("a container killed after an edit still leaves that edit's diff as the prediction (an error, not a submission)", async () => {
    const edit = solutionSteps(ID)[2];
    if (edit === undefined) throw new Error("solution too short");
    const engine = testEngine();
    const trajectory = runLayout(dir, "killed-after-edit").trajectory(ID);
    const killer = (async () => {
      await waitFor(async () => ((await recordedSteps(trajectory)).some((s) => s.kind === "tool" && s.call?.name === "str_replace_editor") ? true : undefined), "the edit step recorded");
      const [container] = await engine.listByLabels({ "sera-bench.run-id": "killed-after-edit", "sera-bench.role": "agent" });
      if (container === undefined) throw new Error("the agent container is gone before the kill");
      await engine.docker.getContainer(container.id).kill();
    })();
    const run = await scriptedRollout({ instanceId: ID, runId: "killed-after-edit", outputDir: dir, steps: [edit, bash("sleep 60"), submit, submit] });
    await killer;
    expect(run.trajectory.info.exit_status).toBe("exit_environment_error");
    expect(run.trajectory.info.submission).toContain("diff --git a/intervals/core.py b/intervals/core.py");
    const prediction = JSON.parse(readFileSync(run.summary.layout.prediction(ID), "utf8")) as { model_patch: string };
    expect(prediction.model_patch).toContain("diff --git a/intervals/core.py b/intervals/core.py");
    expect(run.trajectory.steps.some((s) => s.kind === "error" && (s.message ?? "").includes("last diff"))).toBe(true);
  });

  it("a hung model call is aborted at the instance time limit and is the server's error (exit_api), not held for the request timeouts", async () => {
    const hang = { type: "hang" as const, ms: 120_000 };
    const started = Date.now();
    const run = await scriptedRollout({ instanceId: ID, runId: "hung-call", outputDir: dir, limits: { instanceTimeoutMs: 3_000 }, steps: [hang, hang, hang, hang, submit] });
    expect(run.trajectory.info.exit_status).toBe("exit_api");
    expect(run.trajectory.info.exit_message).toMatch(/^Exit due to the model server: it did not answer within the instance time limit \(3 s\); the call in flight had waited \d+\.\d s with no answer \(it had answered no call of this rollout\)/);
    expect(run.trajectory.info.model_stats.api_calls).toBe(0);
    expect(Date.now() - started).toBeLessThan(120_000);
  });

  it("a server that answers, then hangs mid-rollout: the rollout is the server's error (exit_api)", async () => {
    const hang = { type: "hang" as const, ms: 120_000 };
    const run = await scriptedRollout({ instanceId: ID, runId: "hung-later", outputDir: dir, limits: { instanceTimeoutMs: 10_000 }, steps: [bash("true"), bash("true"), hang, submit] });
    expect(run.trajectory.info.exit_status).toBe("exit_api");
    expect(run.trajectory.info.exit_message).toMatch(/had waited \d+\.\d s with no answer \(its slowest answer in this rollout took \d+\.\d s\)/);
    expect(run.trajectory.info.model_stats.api_calls).toBe(2);
  });

  it("the retry waits stop at the instance time limit too; a call that was retrying is the server's error (exit_api)", async () => {
    const refused = { type: "http_error" as const, status: 503, headers: { "retry-after": "2" } };
    const run = await scriptedRollout({ instanceId: ID, runId: "retry-wait", outputDir: dir, limits: { instanceTimeoutMs: 1_000 }, steps: [refused, refused, refused, refused, submit] });
    expect(run.trajectory.info.exit_status).toBe("exit_api");
    expect(run.trajectory.info.exit_message).toMatch(/retrying after failed attempts \(last: server_error HTTP 503/);
    expect(run.trajectory.steps.filter((s) => s.kind === "retry").length).toBeLessThan(3);
  });

  it("a model answering at its usual pace but an agent that runs out of time (many steps, slow commands) stays the model's (exit_timeout)", async () => {
    const run = await scriptedRollout({ instanceId: ID, runId: "slow-agent", outputDir: dir, limits: { instanceTimeoutMs: 4_000 }, steps: Array.from({ length: 30 }, () => bash("sleep 0.5")) });
    expect(run.trajectory.info.exit_status).toBe("exit_timeout");
    expect(run.trajectory.info.exit_message).toBe("Exit due to the instance time limit");
    expect(run.trajectory.info.model_stats.api_calls).toBeGreaterThan(1);
  });
});
