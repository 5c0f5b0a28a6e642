import type { InstanceFiles } from "../evaluation/evaluate-instance.ts";
import { join } from "node:path";
import { SeraBenchError } from "../util/errors.ts";
import { isSafeName, SAFE_NAME_RULE } from "../util/safe-name.ts";

/** Where a run writes. Ids are validated before they become path components. */
export interface RunLayout extends InstanceFiles {
  readonly runDir: string;
  readonly predictions: string;
  readonly instancesCsv: string;
  readonly lock: string;
  readonly runMeta: string;
  runReport(modelName: string): string;
  /** Agent runs: the trajectory and the saved prediction of one instance. */
  trajectory(instanceId: string): string;
  prediction(instanceId: string): string;
}

export function assertSafeId(kind: string, value: string): void {
  if (!isSafeName(value)) throw new SeraBenchError(`${kind} ${JSON.stringify(value)} is not usable in a file name: use ${SAFE_NAME_RULE}`);
}

/** The official report file stem: model_name_or_path with '/' -> '__' (other unsafe characters -> '_'). */
export function modelFileStem(modelName: string): string {
  const stem = modelName.replaceAll("/", "__").replace(/[^A-Za-z0-9_.+@=-]/g, "_").replace(/^[.-]/, "_");
  return stem === "" ? "None" : stem;
}

export function runLayout(outputDir: string, runId: string): RunLayout {
  assertSafeId("run id", runId);
  const runDir = join(outputDir, runId);
  const instanceDir = (instanceId: string) => {
    assertSafeId("instance id", instanceId);
    return join(runDir, "logs", instanceId);
  };
  return {
    runDir,
    predictions: join(runDir, "predictions.jsonl"),
    instancesCsv: join(runDir, "instances.csv"),
    lock: join(runDir, ".lock"),
    runMeta: join(runDir, "run.json"),
    runReport: (modelName) => join(runDir, `${modelFileStem(modelName)}.${runId}.json`),
    trajectory: (instanceId) => {
      assertSafeId("instance id", instanceId);
      return join(runDir, "trajs", `${instanceId}.traj.json`);
    },
    prediction: (instanceId) => {
      assertSafeId("instance id", instanceId);
      return join(runDir, "preds", `${instanceId}.json`);
    },
    instanceDir,
    instanceFile: (instanceId, file) => join(instanceDir(instanceId), file),
  };
}
