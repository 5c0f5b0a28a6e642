/**
 * Instance outcomes are resolved | unresolved | empty | error, and error means the harness or the
 * infrastructure failed, never the model: an agent rollout that died on the model server is an error
 * in the run report, instances.csv, `report` and `gate`, and a plain re-run retries it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scriptedRollout, solutionSteps } from "./helpers/agent.ts";
import { prepareSampleImages, tempDir } from "./helpers/eval-run.ts";
import { runGate } from "../src/report/gate/gate.ts";
import { loadRun } from "../src/report/run/load.ts";
import { summarizeRun } from "../src/report/summary/run-summary.ts";
import { compareRuns } from "../src/report/compare/compare.ts";
import { formatComparison } from "../src/report/compare/format.ts";
import { makeRun } from "./fixtures/report/make-run.ts";
import type { StepInput } from "../src/model/scripted/steps.ts";

const ID = "sera-bench__intervals-1";
const BAD_REQUEST: StepInput = { type: "http_error", status: 400, body: { object: "error", message: "unknown parameter: top_k" } };
let dir: string;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("outcomes-errors");
});

const gate = (run: string) => runGate({ run, minResolveRate: 0, maxErrorRate: 0, reference: undefined, maxDrop: 0, alpha: 0.05, allowIncomplete: false });

describe("infrastructure failures are errors", () => {
  it("a rollout that died on the model server (a 400 on every request) is an error in the run report, instances.csv, report, gate and compare", async () => {
    const failed = await scriptedRollout({ instanceId: ID, runId: "infra", outputDir: dir, steps: Array<StepInput>(6).fill(BAD_REQUEST), evaluate: true });
    expect(failed.trajectory.info.exit_status).toBe("exit_error");
    const report = failed.evaluation?.report;
    expect([report?.error_ids, report?.empty_patch_ids, report?.submitted_ids]).toEqual([[ID], [], [ID]]);
    const csv = readFileSync(join(dir, "infra", "instances.csv"), "utf8").split("\n")[1] ?? "";
    expect(csv).toMatch(new RegExp(`^${ID},error,`));
    expect(csv).toContain("the agent rollout ended in exit_error");
    const verdict = await gate(join(dir, "infra"));
    expect(verdict.status, verdict.verdict).toBe("regression");
    expect(verdict.verdict).toContain("errors 1/1 = 100.0% > maximum 0.0%");
    const summary = summarizeRun(await loadRun(join(dir, "infra")), new Map());
    expect([summary.counts.error, summary.counts.empty, summary.counts.notEvaluated, summary.complete]).toEqual([1, 0, 0, true]);
    const compared = await compareRuns({ runs: [join(dir, "infra"), join(dir, "infra")], baselines: [], context: undefined, alpha: 0.05 });
    expect(compared.comparisons.map(formatComparison).join("\n")).toContain("errors: infra has 1 of 1 instance(s) that ended in an error");
  });

  it("an error is never final: the same command again retries the rollout, a finished one is kept", async () => {
    const down: StepInput = { type: "http_error", status: 503 };
    const failed = await scriptedRollout({ instanceId: ID, runId: "retry", outputDir: dir, steps: Array<StepInput>(8).fill(down), evaluate: true });
    expect(failed.trajectory.info.exit_status).toBe("exit_api");
    // The same command again (no --redo, no --redo-errors), the server now working.
    const again = await scriptedRollout({ instanceId: ID, runId: "retry", outputDir: dir, steps: solutionSteps(ID), evaluate: true, redo: false });
    expect(again.requests.length).toBeGreaterThan(0);
    expect(again.trajectory.info.exit_status).toBe("submitted");
    expect([again.evaluation?.report.resolved_ids, again.evaluation?.report.error_ids]).toEqual([[ID], []]);
    // A rollout the model finished is final: a plain re-run (the same server address) does not call the server.
    const third = await scriptedRollout({ instanceId: ID, runId: "retry", outputDir: dir, steps: [BAD_REQUEST], evaluate: true, redo: false, port: again.port });
    expect(third.requests).toHaveLength(0);
    expect(third.evaluation?.report.resolved_ids).toEqual([ID]);
  });

  it("runs written before the fix (rollout errors filed as empty patches) are read with them as errors", async () => {
    const traj = (exit: string) => ({ exit_status: exit, prompt_tokens: 10, completion_tokens: 1, steps: [], wall_time_s: 1 });
    const run = await makeRun(await tempDir("outcomes-old"), {
      runId: "old", instances: [
        { id: "a__a-1", outcome: "empty", traj: traj("exit_api") },
        { id: "a__a-2", outcome: "empty", traj: traj("exit_environment_error") },
        { id: "a__a-3", outcome: "empty", traj: traj("exit_context") },
        { id: "a__a-4", outcome: "resolved", traj: traj("submitted") },
      ],
    });
    const loaded = await loadRun(run);
    expect([loaded.report.error_ids, loaded.report.empty_patch_ids, loaded.report.error_instances]).toEqual([["a__a-1", "a__a-2"], ["a__a-3"], 2]);
    expect(loaded.warnings.join("\n")).toContain("a__a-1 (exit_api, filed as empty)");
    expect(loaded.incomplete).toEqual([]);
    expect((await gate(run)).status).toBe("regression");
  });
});
