import { access, rm } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { loadRunPredictions } from "../../dataset/predictions.ts";
import { evaluateInstance } from "../../evaluation/evaluate-instance.ts";
import { instanceJob } from "../../evaluation/instance-job.ts";
import type { InstanceJob } from "../../evaluation/instance-job.ts";
import type { EarlyContainer, InstanceFiles } from "../../evaluation/evaluate-instance.ts";
import type { InstanceResult } from "../../evaluation/outcome.ts";
import { earlyStart } from "./early-container.ts";
import { gradeForRun } from "../../grading/for-run.ts";
import { enforceImageBudget } from "../../images/budget.ts";
import { recordImageUse } from "../../images/usage.ts";
import { runLabels } from "../../sandbox/labels.ts";
import type { SandboxEngine } from "../../sandbox/types.ts";
import { optional } from "../../util/optional.ts";
import { readResult } from "../finalize.ts";
import { runLayout } from "../layout.ts";
import type { RunLayout } from "../layout.ts";
import { planLimits, planNaming } from "../plan-file.ts";
import type { PlanFile } from "../plan-file.ts";
import type { JobKind, JobKindContext, OpenedJobKind } from "./job-kind.ts";
import { evaluateRepeats, repeatCount, repeatsDone } from "./repeats.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { writeInstanceInputs } from "../files/instance-inputs.ts";
import { evalInstanceInputs } from "../inputs/current.ts";
import { engineDown, FailureBreaker } from "../breaker.ts";

/** `eval`: the predictions come from the run folder's predictions.jsonl, the rows from the context. */
export const evalJobKind: JobKind = {
  kind: "eval",
  async open(context: JobKindContext): Promise<OpenedJobKind> {
    const layout = runLayout(dirname(context.runDir), basename(context.runDir));
    // predictions.jsonl holds the whole run's; this invocation evaluates those of its rows.
    const predictions = await loadRunPredictions(layout.predictions, context.rows);
    const jobs = new Map<string, InstanceJob>();
    for (const instance of context.rows) {
      const patch = predictions.get(instance.instance_id);
      if (patch?.modelPatch != null && !patch.isEmpty) jobs.set(instance.instance_id, instanceJob(instance, patch.modelPatch, evalOptions(context.plan)));
    }
    const evaluated = new Set<string>();
    const breaker = breakerOf(context.plan);
    return {
      instanceIds: [...jobs.keys()],
      isDone: async (id) => (await evalInstanceDone(layout, context.plan, id)) && repeatsDone(layout, context.plan, id),
      run: async (id) => {
        const job = jobs.get(id);
        if (job === undefined) throw new SeraBenchError(`instance ${id} is not part of run ${context.plan.run_id}`);
        // What produces this instance's results, recorded before any of them (the run's inputs check removed stale ones).
        await writeInstanceInputs(context.runDir, evalInstanceInputs(context.plan.eval, id, predictions.get(id)));
        if (!(await evalInstanceDone(layout, context.plan, id))) await evaluateOn(context, layout, job, evaluated, breaker);
        await repeatEvaluations(context, layout, job, evaluated, breaker);
      },
      // A result that ended after the stop began is kept unless the stop made it an error.
      forget: async (id) => {
        if ((await readResult(layout, id))?.status === "error") await rm(layout.instanceFile(id, "result.json"), { force: true });
      },
    };
  },
};

export function evalOptions(plan: PlanFile) {
  return { naming: planNaming(plan), generate: plan.eval.generate, evalScripts: plan.eval.eval_scripts };
}

/**
 * The one resume rule of an evaluation: done in this run when a result was written since the plan
 * was made, or (unless --redo) a report.json exists from an earlier invocation. An error result of
 * this invocation counts as done; the next invocation retries it (it has no report.json).
 */
export async function evalInstanceDone(layout: InstanceFiles, plan: PlanFile, id: string): Promise<boolean> {
  const result = await readResult(layout, id);
  if (result !== undefined && Date.parse(result.started_at) >= Date.parse(plan.created_at)) return true;
  if (plan.redo) return false;
  return access(layout.instanceFile(id, "report.json")).then(() => true, () => false);
}

/** `--repeat N`: evaluations 2..N (eval and run jobs alike), each done by the same rule as the first. */
export function repeatEvaluations(context: JobKindContext, layout: RunLayout, job: InstanceJob, evaluated: Set<string>, breaker: FailureBreaker): Promise<void> {
  const done = (files: InstanceFiles) => evalInstanceDone(files, context.plan, job.instance.instance_id);
  return evaluateRepeats(context, layout, job, done, (files, k) => evaluateOn(context, files, job, evaluated, breaker, { k, of: repeatCount(context.plan) }));
}

/**
 * The prediction in a fresh container, on an engine leased from the evaluation pool; then the
 * image's use is recorded and the image budget enforced. `evaluated`: images of the instances this
 * worker finished, the ones the budget may evict. Nothing starts once the run is stopping. An error
 * with the engine gone counts toward the worker's breaker (which may stop the run).
 * `repeat`: evaluation k of N >= 2, told as a repeat (its instance was already announced).
 */
export async function evaluateOn(
  context: JobKindContext, layout: InstanceFiles, job: InstanceJob, evaluated: Set<string>, breaker: FailureBreaker, repeat?: { readonly k: number; readonly of: number },
): Promise<void> {
  const { plan } = context;
  const pool = context.evalPool ?? context.pool;
  const labels = { ...runLabels(plan.run_id, "eval"), ...context.labels };
  const early = earlyStart(pool, job, { runId: plan.run_id, labels, limits: planLimits(plan.eval), ...optional("removals", context.removals), stopping: () => stopping(context) });
  let handedOver = false;
  try {
    await pool.lease(async (engine) => {
      early?.handOver();
      if (stopping(context)) return;
      handedOver = true;
      await evaluateLeased(context, layout, job, evaluated, breaker, repeat, engine, early?.container);
    });
  } finally {
    if (!handedOver) await early?.discard();
  }
}

/** The evaluation in its slot, on the leased engine (with the container made ready early, if any). */
async function evaluateLeased(
  context: JobKindContext, layout: InstanceFiles, job: InstanceJob, evaluated: Set<string>, breaker: FailureBreaker, repeat: { readonly k: number; readonly of: number } | undefined,
  engine: SandboxEngine, early: Promise<EarlyContainer | undefined> | undefined,
): Promise<void> {
  const { plan } = context;
  const result = await evaluateInstance(job, {
    engine, layout, runId: plan.run_id, timeoutSeconds: plan.eval.timeout_seconds, limits: planLimits(plan.eval),
    labels: { ...runLabels(plan.run_id, "eval"), ...context.labels }, grade: gradeForRun, ...optional("signal", context.signal),
    ...optional("removals", context.removals), ...optional("early", early),
  });
  await afterImageUse(context, engine, result.image ?? job.image, evaluated);
  if (!(result.status === "error" && stopping(context))) {
    if (repeat === undefined) context.events?.onEvaluated?.(result);
    else context.events?.onRepeatEvaluated?.(result, repeat.k, repeat.of);
  }
  if (!stopping(context)) await recordEvaluation(breaker, engine, job, result);
}

/**
 * An evaluation error is the engine's when the engine no longer answers or the image could not be
 * pulled (the same pull error in a row: a registry gone, a wrong namespace); else it is the instance's own.
 */
async function recordEvaluation(breaker: FailureBreaker, engine: SandboxEngine, job: InstanceJob, result: InstanceResult): Promise<void> {
  const id = job.instance.instance_id;
  if (result.status === "error" && result.error_phase === "pull") return breaker.failed(id, `could not pull the image: ${result.error ?? ""}`, [id, result.image ?? job.image]);
  const down = result.status === "error" ? await engineDown(engine) : undefined;
  if (down === undefined) breaker.succeeded();
  else breaker.failed(id, down, [id]);
}

/** The breaker of one worker of this plan. */
export function breakerOf(plan: PlanFile): FailureBreaker {
  return new FailureBreaker(plan.max_consecutive_failures, plan.run_id);
}

export async function afterImageUse(context: JobKindContext, engine: SandboxEngine, image: string, evaluated: Set<string>): Promise<void> {
  await recordImageUse(engine.describe, image).catch(() => undefined);
  evaluated.add(image);
  const budget = context.plan.image_budget_bytes;
  if (budget !== null) await enforceImageBudget(engine, budget, evaluated, context.onNotice);
}

/** The run is stopping: nothing new starts, and an error now is the stop's doing. */
export function stopping(context: Pick<JobKindContext, "signal">): boolean {
  return context.signal?.aborted === true;
}
