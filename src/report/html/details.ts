/** What the per-instance table shows when a row is opened: the patch, the test results, the trajectory. */
import { join } from "node:path";
import { readOptionalJson } from "../run/read-json.ts";
import { readTrajectory } from "../run/trajectory.ts";
import type { LoadedRun, RunInstance } from "../run/types.ts";
import { officialInstanceReportSchema, type OfficialInstanceReport } from "../../run/files/schemas.ts";

export interface InstanceDetails {
  /** report.json's tests_status: "FAIL_TO_PASS" -> { success, failure }. */
  readonly tests: NonNullable<OfficialInstanceReport[string]["tests_status"]> | undefined;
  readonly steps: readonly unknown[] | undefined;
}

async function instanceDetails(run: LoadedRun, instance: RunInstance): Promise<InstanceDetails> {
  const report = await readOptionalJson(join(instance.logDir, "report.json"), "an official instance report (report.json)", officialInstanceReportSchema);
  const traj = instance.trajectory === undefined ? undefined : await readTrajectory(run.dir, instance.id);
  return { tests: report?.[instance.id]?.tests_status, steps: traj?.steps };
}

/** Details for every instance of every run: [run index][instance id]. */
export async function allDetails(runs: readonly LoadedRun[]): Promise<Map<string, InstanceDetails>[]> {
  const out: Map<string, InstanceDetails>[] = [];
  for (const run of runs) {
    const map = new Map<string, InstanceDetails>();
    for (const instance of run.instances) map.set(instance.id, await instanceDetails(run, instance));
    out.push(map);
  }
  return out;
}
