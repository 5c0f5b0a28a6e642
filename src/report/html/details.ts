/**
 * What the per-instance table shows when a row is opened: the patch, the test results, and a link
 * to the trajectory's own page. Trajectories are written one page each
 * (`trajectories/<run number>/<instance id>.html` beside report.html), one at a time, so that the
 * report over 1,500 trajectories stays small, opens fast and is never all in memory; a trajectory
 * loads when its link is followed.
 */
import { join } from "node:path";
import { readOptionalJson } from "../run/read-json.ts";
import { readTrajectory } from "../run/trajectory.ts";
import type { LoadedRun, RunInstance } from "../run/types.ts";
import { officialInstanceReportSchema, type OfficialInstanceReport } from "../../run/files/schemas.ts";
import { writeFileAtomic } from "../../util/fs-atomic.ts";
import { html, raw } from "./escape.ts";
import { STYLE } from "./style.ts";
import { trajectoryView } from "./trajectory-view.ts";

export interface InstanceDetails {
  /** report.json's tests_status: "FAIL_TO_PASS" -> { success, failure }. */
  readonly tests: NonNullable<OfficialInstanceReport[string]["tests_status"]> | undefined;
  /** The trajectory's page, relative to report.html, and its step count. */
  readonly trajectory: { readonly href: string; readonly steps: number } | undefined;
}

/** A trajectory's page: its steps, and the way back to the report. Ids are safe names (checked when read). */
function trajectoryPage(run: LoadedRun, instanceId: string, steps: readonly unknown[]): string {
  const page = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${instanceId} (${run.id})</title><style>${raw(STYLE)}</style></head><body>
<h1>${instanceId}</h1><p>run ${run.id} · ${steps.length} steps · <a href="../../report.html">back to the report</a></p>
${trajectoryView(steps)}</body></html>`;
  return `${page.__html}\n`;
}

async function instanceDetails(run: LoadedRun, runNumber: number, instance: RunInstance, outDir: string): Promise<InstanceDetails> {
  const report = await readOptionalJson(join(instance.logDir, "report.json"), "an official instance report (report.json)", officialInstanceReportSchema);
  const traj = instance.trajectory === undefined ? undefined : await readTrajectory(run.dir, instance.id);
  if (traj?.steps === undefined) return { tests: report?.[instance.id]?.tests_status, trajectory: undefined };
  const href = `trajectories/${runNumber}/${instance.id}.html`;
  await writeFileAtomic(join(outDir, href), trajectoryPage(run, instance.id, traj.steps));
  return { tests: report?.[instance.id]?.tests_status, trajectory: { href, steps: traj.steps.length } };
}

/** Details for every instance of every run ([run index][instance id]); each trajectory's page is written under `outDir`. */
export async function allDetails(runs: readonly LoadedRun[], outDir: string): Promise<Map<string, InstanceDetails>[]> {
  const out: Map<string, InstanceDetails>[] = [];
  for (const [index, run] of runs.entries()) {
    const map = new Map<string, InstanceDetails>();
    for (const instance of run.instances) map.set(instance.id, await instanceDetails(run, index + 1, instance, outDir));
    out.push(map);
  }
  return out;
}
