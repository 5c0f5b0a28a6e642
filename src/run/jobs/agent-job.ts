import { setMaxListeners } from "node:events";
import { basename, dirname } from "node:path";
import { rolloutInstance } from "./rollout.ts";
import type { Instance } from "../../dataset/row.ts";
import { gradeForRun } from "../../grading/for-run.ts";
import { instanceImageName } from "../../evaluation/image-name.ts";
import { runLabels } from "../../sandbox/labels.ts";
import { planRun } from "../eval-plan.ts";
import { evaluateInstance } from "../../evaluation/evaluate-instance.ts";
import { runLayout } from "../layout.ts";
import type { RunLayout } from "../layout.ts";
import { enforceImageBudget } from "../../images/budget.ts";
import { recordImageUse } from "../../images/usage.ts";
import type { SandboxEngine } from "../../sandbox/types.ts";
import { workerRollout } from "./agent-context.ts";
import type { WorkerRollout } from "./agent-context.ts";
import { agentInstanceDone, evaluationDone, forgetInterrupted, readFinishedRollout, rolloutDone } from "./agent-done.ts";
import type { AgentPlan } from "./agent-plan.ts";
import type { JobKind, JobKindContext, OpenedJobKind } from "./job-kind.ts";
import { planLimits, planNaming, readPlanInstances } from "../plan-file.ts";
import { optional } from "../../util/optional.ts";

/**
 * `infer` / `run` on a worker: the rollout of an instance, then (run) the evaluation of its patch
 * in a fresh container. Everything comes from the run folder: the rows, and plan.json's agent
 * settings. The rollout context is built on the first instance that needs one, so the coordinator
 * can open this kind to follow progress without reading the API key or the agent config.
 */
export const agentJobKind: JobKind = {
  kind: "agent",
  async open(context: JobKindContext): Promise<OpenedJobKind> {
    const agent = context.plan.agent;
    if (agent === undefined) throw new Error(`${context.runDir}/executor/plan.json: job kind "agent" without its "agent" settings`);
    const layout = runLayout(dirname(context.runDir), basename(context.runDir));
    const instances = new Map((await readPlanInstances(context.runDir)).map((row) => [row.instance_id, row]));
    let rollout: Promise<WorkerRollout> | undefined;
    if (context.signal !== undefined) setMaxListeners(0, context.signal);
    const state: AgentJobState = { context, agent, layout, evaluated: new Set(), rollout: () => (rollout ??= workerRollout(agent, planLimits(context.plan))) };
    return {
      instanceIds: [...instances.keys()],
      isDone: (id) => agentInstanceDone(layout, context.plan, agent, id),
      run: (id) => runInstance(state, instances.get(id), id),
      forget: (id) => forgetInterrupted(layout, context.plan, id),
    };
  },
};

interface AgentJobState {
  readonly context: JobKindContext;
  readonly agent: AgentPlan;
  readonly layout: RunLayout;
  /** Images of the instances this worker finished: the ones the image budget may evict. */
  readonly evaluated: Set<string>;
  rollout(): Promise<WorkerRollout>;
}

async function runInstance(state: AgentJobState, instance: Instance | undefined, id: string): Promise<void> {
  const { context, agent, layout } = state;
  if (instance === undefined) throw new Error(`instance ${id} is not part of run ${context.plan.run_id}`);
  const image = instanceImageName(instance, planNaming(context.plan));
  let finished = await rolloutDone(layout, context.plan, agent, id);
  if (finished === undefined) {
    const base = await state.rollout();
    await context.pool.lease(async (engine) => {
      const labels = { ...runLabels(context.plan.run_id, "agent"), ...context.labels };
      await rolloutInstance(instance, image, { ...base, engine, runId: context.plan.run_id, labels, ...optional("signal", context.signal) }, {
        trajectory: layout.trajectory(id), prediction: layout.prediction(id),
      });
      if (agent.command === "infer") await afterUse(state, engine, image);
    });
    finished = await readFinishedRollout(layout, id);
  }
  if (agent.command === "run" && finished !== undefined && !(await evaluationDone(layout, context.plan, finished, id))) {
    await evaluate(state, instance, finished.patch, image);
  }
}

/** The patch in a fresh container, exactly as `run` on one machine (and `eval`) evaluates it. */
async function evaluate(state: AgentJobState, instance: Instance, patch: string, image: string): Promise<void> {
  const { context, layout } = state;
  const { plan } = context;
  const prediction = { instanceId: instance.instance_id, modelNameOrPath: state.agent.model_name, modelPatch: patch, isEmpty: patch === "" };
  const job = planRun([instance], new Map([[instance.instance_id, prediction]]), { layout, naming: planNaming(plan), generate: plan.eval.generate, redo: true }).jobs[0];
  if (job === undefined) return;
  await context.pool.lease(async (engine) => {
    await evaluateInstance(job, {
      engine, layout, runId: plan.run_id, timeoutSeconds: plan.eval.timeout_seconds, limits: planLimits(plan),
      labels: { ...runLabels(plan.run_id, "eval"), ...context.labels }, grade: gradeForRun,
    });
    await afterUse(state, engine, image);
  });
}

async function afterUse(state: AgentJobState, engine: SandboxEngine, image: string): Promise<void> {
  await recordImageUse(engine.describe, image).catch(() => undefined);
  state.evaluated.add(image);
  const budget = state.context.plan.image_budget_bytes;
  if (budget !== null) await enforceImageBudget(engine, budget, state.evaluated, state.context.onNotice);
}
