/** What the per-instance table shows when a row is opened: the patch, the test results, the trajectory. */
import { join } from "node:path";
import { readOptionalJson } from "../run/read-json.ts";
import { readTrajectory } from "../run/trajectory.ts";
import type { LoadedRun, RunInstance } from "../run/types.ts";
import { officialInstanceReportSchema } from "../../run/files/schemas.ts";

export interface TestResults {
  /** "FAIL_TO_PASS" -> { success, failure } as in report.json. */
  readonly buckets: readonly { readonly name: string; readonly success: readonly string[]; readonly failure: readonly string[] }[];
}

export interface InstanceDetails {
  readonly instance: RunInstance;
  readonly tests: TestResults | undefined;
  readonly steps: readonly unknown[] | undefined;
  readonly submission: string | undefined;
}

export async function instanceDetails(run: LoadedRun, instance: RunInstance): Promise<InstanceDetails> {
  const report = await readOptionalJson(join(instance.logDir, "report.json"), run.dir, "an official instance report (report.json)", officialInstanceReportSchema);
  const entry = report?.[instance.id];
  const tests = entry?.tests_status === undefined ? undefined : {
    buckets: Object.entries(entry.tests_status).map(([name, b]) => ({ name, success: b.success, failure: b.failure })),
  };
  const traj = instance.trajectory === undefined ? undefined : await readTrajectory(run.dir, instance.id);
  return { instance, tests, steps: traj?.steps, submission: traj?.info?.submission ?? undefined };
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
