import { readFile, rm } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { loadPredictions } from "../../dataset/predictions.ts";
import { gradeForRun } from "../../grading/for-run.ts";
import { runLabels } from "../../sandbox/labels.ts";
import { readResult } from "../finalize.ts";
import { planRun } from "../eval-plan.ts";
import { evaluateInstance } from "../../evaluation/evaluate-instance.ts";
import type { InstanceJob } from "../../evaluation/evaluate-instance.ts";
import { runLayout } from "../layout.ts";
import type { RunLayout } from "../layout.ts";
import { recordImageUse } from "../../images/usage.ts";
import { enforceImageBudget } from "../../images/budget.ts";
import type { JobKind, JobKindContext, OpenedJobKind } from "./job-kind.ts";
import { optional } from "../../util/optional.ts";
import { planLimits, planNaming, readPlanInstances } from "../plan-file.ts";
import type { PlanFile } from "../plan-file.ts";

/** `eval` on a worker: the instances' rows and predictions come from the run folder only. */
export const evalJobKind: JobKind = {
  kind: "eval",
  async open(context: JobKindContext): Promise<OpenedJobKind> {
    const layout = runLayout(dirname(context.runDir), basename(context.runDir));
    const instances = await readPlanInstances(context.runDir);
    const loaded = await loadPredictions(layout.predictions, instances, instances);
    const plan = planRun(instances, loaded.predictions, { layout, naming: planNaming(context.plan), generate: context.plan.eval.generate, redo: true });
    const jobs = new Map(plan.jobs.map((job) => [job.instance.instance_id, job]));
    const evaluated = new Set<string>();
    return {
      instanceIds: [...jobs.keys()],
      isDone: (id) => evalInstanceDone(layout, context.plan, id),
      run: (id) => runOne(jobs.get(id), id, { layout, context, evaluated }),
      // A result that ended after the stop began is kept unless the stop made it an error.
      forget: async (id) => {
        if ((await readResult(layout, id))?.status === "error") await rm(layout.instanceFile(id, "result.json"), { force: true });
      },
    };
  },
};

/**
 * Done in this run: a result written since the plan was made, or (unless --redo) a report.json
 * from an earlier invocation. An error result of this invocation counts as done (it is retried by
 * the next invocation of the command, as with the local executor).
 */
export async function evalInstanceDone(layout: RunLayout, plan: PlanFile, id: string): Promise<boolean> {
  const result = await readResult(layout, id);
  if (result !== undefined && Date.parse(result.started_at) >= Date.parse(plan.created_at)) return true;
  if (plan.redo) return false;
  return readFile(layout.instanceFile(id, "report.json")).then(() => true, () => false);
}

interface RunState {
  readonly layout: RunLayout;
  readonly context: JobKindContext;
  /** Images of the instances this worker evaluated: the ones the image budget may evict. */
  readonly evaluated: Set<string>;
}

async function runOne(job: InstanceJob | undefined, id: string, { layout, context, evaluated }: RunState): Promise<void> {
  if (job === undefined) throw new Error(`instance ${id} is not part of run ${context.plan.run_id}`);
  const { plan } = context;
  await context.pool.lease(async (engine) => {
    const result = await evaluateInstance(job, {
      engine, layout, runId: plan.run_id, timeoutSeconds: plan.eval.timeout_seconds, limits: planLimits(plan),
      labels: { ...runLabels(plan.run_id, "eval"), ...context.labels }, grade: gradeForRun, ...optional("signal", context.signal),
    });
    await recordImageUse(engine.describe, job.image).catch(() => undefined);
    evaluated.add(result.image ?? job.image);
    if (plan.image_budget_bytes !== null) await enforceImageBudget(engine, plan.image_budget_bytes, evaluated, context.onNotice);
  });
}
