import { isErrorStatus } from "../agent/types.ts";
import type { ExitStatus } from "../agent/types.ts";
import type { SelectOptions } from "../dataset/select.ts";
import { readFinishedRollout } from "./jobs/agent-done.ts";
import type { ImageNaming } from "../evaluation/image-name.ts";
import type { EvalReports } from "./finalize.ts";
import { writeAgentEvalReports } from "./finalize.ts";
import { writePredictionsFile } from "./files/predictions.ts";
import type { RunSpec, RunSteps } from "./prepare.ts";
import type { Instance } from "../dataset/row.ts";
import type { AgentPlan } from "./jobs/agent-plan.ts";
import type { PlanFile } from "./plan-file.ts";
import { checkRunInputs } from "./inputs/check.ts";
import { agentInstanceInputs } from "./inputs/current.ts";
import { legacyAgentInputs } from "./inputs/legacy.ts";
import { keptRepeat } from "./inputs/repeat.ts";
import type { ProtocolIdentity } from "../protocol/identity.ts";

export interface AgentRunOptions {
  readonly kind: "infer" | "run";
  readonly dataset: string;
  readonly split: string;
  readonly selection: SelectOptions;
  readonly runId: string;
  readonly outputDir: string;
  readonly workers: number;
  readonly naming: ImageNaming;
  readonly redo: boolean;
  /** Redo the instances whose results were made with other inputs (else the run refuses them). */
  readonly redoChanged?: boolean;
  /** The agent config's protocol (protocol/identity-of.ts), recorded in run.json's `protocol`. */
  readonly protocol: ProtocolIdentity;
  /** Everything else worth recording in run.json (model, sampling, context, limits, agent config). */
  readonly meta: Readonly<Record<string, unknown>>;
}

export interface AgentRunOutput {
  /** `run`: the official report and instances.csv, written from the per-instance files. */
  readonly reports: EvalReports | undefined;
  /** The exit status of every instance of the run whose rollout has finished. */
  readonly statuses: ReadonlyMap<string, ExitStatus>;
}

export interface AgentInputs {
  /** `run`: evaluations per patch, --eval-repeat or the run's larger count (inputs/repeat.ts). */
  readonly repeat: number;
}

/** `infer`/`run`'s run folder: preds/ and trajs/ per instance; predictions.jsonl and (run) the reports out. */
export function agentRun(
  options: AgentRunOptions, jobs: { readonly agent: AgentPlan; readonly eval: PlanFile["eval"] }, onNotice: (line: string) => void,
): { spec: RunSpec; steps: Pick<RunSteps<AgentInputs, AgentRunOutput>, "inputs" | "checkInputs" | "finalize"> } {
  const modelName = jobs.agent.model_name;
  const ids = (instances: readonly Instance[]) => instances.map((instance) => instance.instance_id);
  return {
    spec: {
      kind: options.kind, dataset: options.dataset, split: options.split, selection: options.selection, runId: options.runId,
      outputDir: options.outputDir, options: { ...options.meta, workers: options.workers }, protocol: options.protocol,
    },
    steps: {
      inputs: async ({ layout }) => {
        const asked = jobs.eval.repeat ?? 1;
        if (options.kind === "infer") return { modelName, repeat: asked };
        const repeat = await keptRepeat(layout.runMeta, options.runId, asked, "eval.repeat", onNotice);
        const recorded = options.meta.eval;
        return { modelName, repeat, options: { eval: { ...(typeof recorded === "object" && recorded !== null ? recorded : {}), repeat } } };
      },
      checkInputs: async ({ instances, selected, layout }) => {
        await checkRunInputs({
          runId: options.runId, layout, instanceIds: ids(instances), selectedIds: ids(selected),
          current: (id) => agentInstanceInputs(jobs, id), legacy: await legacyAgentInputs(layout.runMeta),
          redo: options.redo, redoChanged: options.redoChanged ?? false, onNotice,
        });
      },
      finalize: async ({ instances, layout }) => {
        await writePredictionsFile(layout, instances);
        const statuses = new Map<string, ExitStatus>();
        const errors = new Map<string, string>();
        for (const { instance_id: id } of instances) {
          const rollout = await readFinishedRollout(layout, id);
          if (rollout === undefined) continue;
          statuses.set(id, rollout.status);
          if (isErrorStatus(rollout.status)) errors.set(id, `the agent rollout ended in ${rollout.status} (the harness or the server failed, not the model): ${rollout.result.message}`);
        }
        const reports = options.kind === "run" ? await writeAgentEvalReports(instances, layout, modelName, errors) : undefined;
        return { reports, statuses };
      },
    },
  };
}
