import { setMaxListeners } from "node:events";
import { basename, dirname } from "node:path";
import type { Instance } from "../../dataset/row.ts";
import { instanceImageName } from "../../evaluation/image-name.ts";
import { instanceJob } from "../../evaluation/instance-job.ts";
import { runLabels } from "../../sandbox/labels.ts";
import { optional } from "../../util/optional.ts";
import { runLayout } from "../layout.ts";
import type { RunLayout } from "../layout.ts";
import { planNaming } from "../plan-file.ts";
import { workerRollout } from "./agent-context.ts";
import type { WorkerRollout } from "./agent-context.ts";
import { agentInstanceDone, evaluationDone, forgetInterrupted, readFinishedRollout, rolloutDone } from "./agent-done.ts";
import { agentContainerLimits } from "./agent-plan.ts";
import type { AgentPlan } from "./agent-plan.ts";
import { afterImageUse, breakerOf, evalOptions, evaluateOn, repeatEvaluations, stopping } from "./eval-job.ts";
import type { FailureBreaker } from "../breaker.ts";
import { isErrorStatus } from "../../agent/types.ts";
import type { JobKind, JobKindContext, OpenedJobKind } from "./job-kind.ts";
import { rolloutInstance } from "./rollout.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { writeInstanceInputs } from "../files/instance-inputs.ts";
import { agentInstanceInputs } from "../inputs/current.ts";

/**
 * `infer` / `run`: the rollout of an instance, then (run) the evaluation of its patch in a fresh
 * container. The settings come from the plan's `agent` section; the rollout context is the
 * executor's own (local) or built from the plan on the first instance that needs one, so the Slurm
 * coordinator can open this kind to follow progress without reading the API key or the agent config.
 */
export const agentJobKind: JobKind = {
  kind: "agent",
  async open(context: JobKindContext): Promise<OpenedJobKind> {
    const agent = context.plan.agent;
    if (agent === undefined) throw new SeraBenchError(`${context.runDir}/executor/plan.json: job kind "agent" without its "agent" settings`);
    const layout = runLayout(dirname(context.runDir), basename(context.runDir));
    const instances = new Map(context.rows.map((row) => [row.instance_id, row]));
    let rollout: Promise<WorkerRollout> | undefined = context.rollout === undefined ? undefined : Promise.resolve(context.rollout);
    if (context.signal !== undefined) setMaxListeners(0, context.signal);
    const state: AgentJobState = { context, agent, layout, evaluated: new Set(), breaker: breakerOf(context.plan), rollout: () => (rollout ??= workerRollout(agent, agentContainerLimits(agent, context.plan.eval.limits.network))) };
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
  /** Stops the run when rollouts (or evaluations) keep failing the same way. */
  readonly breaker: FailureBreaker;
  rollout(): Promise<WorkerRollout>;
}

async function runInstance(state: AgentJobState, instance: Instance | undefined, id: string): Promise<void> {
  const { context, agent, layout } = state;
  if (instance === undefined) throw new SeraBenchError(`instance ${id} is not part of run ${context.plan.run_id}`);
  const image = instanceImageName(instance, planNaming(context.plan));
  // What produces this instance's results, recorded before any of them (the run's inputs check removed stale ones).
  await writeInstanceInputs(context.runDir, agentInstanceInputs({ agent, eval: context.plan.eval }, id));
  let finished = await rolloutDone(layout, context.plan, id);
  if (finished === undefined) {
    const base = await state.rollout();
    await context.pool.lease(async (engine) => {
      if (context.signal?.aborted === true) return;
      const labels = { ...runLabels(context.plan.run_id, "agent"), ...context.labels };
      const result = await rolloutInstance(instance, image, { ...base, engine, runId: context.plan.run_id, labels, ...optional("signal", context.signal), ...optional("removals", context.removals) }, {
        trajectory: layout.trajectory(id), prediction: layout.prediction(id),
      });
      // A rollout the stop cut short ends in an error that is forgotten (it runs again): not a result to show.
      if (!(stopping(context) && isErrorStatus(result.status))) context.events?.onRolloutDone?.(result);
      if (agent.command === "infer") await afterImageUse(context, engine, image, state.evaluated);
      if (stopping(context)) return;
      if (isErrorStatus(result.status)) state.breaker.failed(id, result.message, [id, image]);
      else state.breaker.succeeded();
    });
    finished = await readFinishedRollout(layout, id);
  }
  // A rollout error is not graded (evaluationDone): neither evaluated nor repeated.
  if (agent.command === "run" && finished !== undefined && finished.patch !== "" && !isErrorStatus(finished.status) && context.signal?.aborted !== true) {
    const job = instanceJob(instance, finished.patch, evalOptions(context.plan));
    if (!(await evaluationDone(layout, context.plan, finished, id))) await evaluateOn(context, layout, job, state.evaluated, state.breaker);
    await repeatEvaluations(context, layout, job, state.evaluated, state.breaker);
  }
}
