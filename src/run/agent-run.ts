import { isErrorStatus } from "../agent/types.ts";
import type { ExitStatus } from "../agent/types.ts";
import type { SelectOptions } from "../dataset/select.ts";
import { readFinishedRollout } from "./jobs/agent-done.ts";
import type { ImageNaming } from "../evaluation/image-name.ts";
import type { EvalReports } from "./finalize.ts";
import { writeAgentEvalReports } from "./finalize.ts";
import { writePredictionsFile } from "./files/predictions.ts";
import type { RunSpec, RunSteps } from "./prepare.ts";

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
  /** Everything else worth recording in run.json (model, sampling, context, limits, agent config). */
  readonly meta: Readonly<Record<string, unknown>>;
}

export interface AgentRunOutput {
  /** `run`: the official report and instances.csv, written from the per-instance files. */
  readonly reports: EvalReports | undefined;
  /** The exit status of every instance of the run whose rollout has finished. */
  readonly statuses: ReadonlyMap<string, ExitStatus>;
}

/** `infer`/`run`'s run folder: preds/ and trajs/ per instance; predictions.jsonl and (run) the reports out. */
export function agentRun(options: AgentRunOptions, modelName: string): { spec: RunSpec; steps: Pick<RunSteps<object, AgentRunOutput>, "inputs" | "finalize"> } {
  return {
    spec: {
      kind: options.kind, dataset: options.dataset, split: options.split, selection: options.selection, runId: options.runId,
      outputDir: options.outputDir, options: { ...options.meta, workers: options.workers },
    },
    steps: {
      inputs: () => Promise.resolve({ modelName }),
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
