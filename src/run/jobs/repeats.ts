import { join } from "node:path";
import type { InstanceFiles } from "../../evaluation/evaluate-instance.ts";
import type { InstanceJob } from "../../evaluation/instance-job.ts";
import type { InstanceResult } from "../../evaluation/outcome.ts";
import { writeJsonAtomic } from "../../util/fs-atomic.ts";
import { readJsonIfValid } from "../../util/json-file.ts";
import { readResult } from "../finalize.ts";
import { officialInstanceReportSchema } from "../files/schemas.ts";
import { assessStability, readStability, stabilityPath } from "../files/stability.ts";
import type { EvaluationRecord } from "../files/stability.ts";
import type { RunLayout } from "../layout.ts";
import type { PlanFile } from "../plan-file.ts";
import type { JobKindContext } from "./job-kind.ts";

/** Evaluations per prediction (`--repeat N`); 1 when the plan does not say. */
export function repeatCount(plan: PlanFile): number {
  return plan.eval.repeat ?? 1;
}

/** Where evaluation k (>= 2) of an instance writes: logs/<id>/repeats/<k>/, the same files as the first. */
export function repeatFiles(layout: InstanceFiles, k: number): InstanceFiles {
  const instanceDir = (id: string) => join(layout.instanceDir(id), "repeats", String(k));
  return { instanceDir, instanceFile: (id, file) => join(instanceDir(id), file) };
}

const graded = (result: InstanceResult | undefined) => result?.status === "resolved" || result?.status === "unresolved";

/**
 * The repeats' part of the resume rule: nothing to repeat (one evaluation asked, or evaluation 1
 * has no verdict), or stability.json covers N evaluations and was written in this invocation or
 * (unless --redo) in an earlier one without a repeat that ended in an error.
 */
export async function repeatsDone(layout: RunLayout, plan: PlanFile, id: string): Promise<boolean> {
  const repeats = repeatCount(plan);
  if (repeats <= 1 || !graded(await readResult(layout, id))) return true;
  const stability = await readStability(layout, id);
  if (stability === undefined || stability.repeats !== repeats) return false;
  if (Date.parse(stability.written_at) >= Date.parse(plan.created_at)) return true;
  return !plan.redo && stability.stability !== "unknown";
}

/** Evaluation k of the job, written to `files`; the caller's lease, image bookkeeping and stop. */
export type EvaluateInto = (files: InstanceFiles, k: number) => Promise<void>;

/**
 * Evaluations 2..N of an instance whose first evaluation has a verdict, each in a fresh container,
 * skipping those already done (the same rule as the first: `done(files)`); then stability.json,
 * written last. Nothing starts once the run is stopping, and no stability is written then.
 */
export async function evaluateRepeats(
  context: Pick<JobKindContext, "plan" | "signal">, layout: RunLayout, job: InstanceJob,
  done: (files: InstanceFiles) => Promise<boolean>, evaluate: EvaluateInto,
): Promise<void> {
  const id = job.instance.instance_id;
  if (await repeatsDone(layout, context.plan, id)) return;
  const all: InstanceFiles[] = [layout];
  for (let k = 2; k <= repeatCount(context.plan); k++) all.push(repeatFiles(layout, k));
  for (const [index, files] of all.entries()) {
    if (index === 0) continue;
    if (context.signal?.aborted === true) return;
    if (!(await done(files))) await evaluate(files, index + 1);
  }
  if (context.signal?.aborted === true) return;
  const records: EvaluationRecord[] = [];
  for (const files of all) {
    const result = await readResult(files, id);
    if (result === undefined) return;
    records.push({ status: result.status, report: await readJsonIfValid(files.instanceFile(id, "report.json"), officialInstanceReportSchema) });
  }
  await writeJsonAtomic(stabilityPath(layout, id), assessStability(id, records), 2);
}
