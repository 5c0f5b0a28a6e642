/**
 * `report` on a run folder whose official report was never written (the run was killed): the error
 * says what finishes it, by the kind of run run.json records.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRun } from "../src/report/run/load.ts";
import { tempDir } from "./helpers/eval-run.ts";

let dir: string;

beforeAll(async () => {
  dir = await tempDir("report-unfinished");
});

/** A run folder as a kill leaves it before the reports: run.json and per-instance files, no report. */
function killedRun(runId: string, kind: string): string {
  const runDir = join(dir, runId);
  mkdirSync(join(runDir, "preds"), { recursive: true });
  writeFileSync(join(runDir, "run.json"), JSON.stringify({ kind, run_id: runId, dataset: "sample", split: "test", model_name: "m", instance_ids: ["a__a-1"], options: {} }));
  return runDir;
}

describe("report on a run killed before its report", () => {
  it("a killed run (agent + evaluation) says to re-run the same run command, not eval", async () => {
    await expect(loadRun(killedRun("killed-run", "run"))).rejects.toThrow(/missing the official run report <model>\.killed-run\.json \(written at the end of `sera-bench run`; re-run the same run command \(--run-id killed-run\) to finish it/);
  });

  it("a killed infer run says to finish it with the same infer command, then evaluate its predictions", async () => {
    const runDir = killedRun("killed-infer", "infer");
    await expect(loadRun(runDir)).rejects.toThrow(`re-run the same infer command (--run-id killed-infer) until it finishes, then evaluate its predictions: \`sera-bench eval -p ${join(runDir, "predictions.jsonl")}\``);
  });

  it("an eval run still says to re-run eval", async () => {
    await expect(loadRun(killedRun("killed-eval", "eval"))).rejects.toThrow("re-run eval with --run-id killed-eval to finish it");
  });
});
