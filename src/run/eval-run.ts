import { loadPredictions } from "../dataset/predictions.ts";
import { predictionLine } from "../dataset/prediction-schema.ts";
import type { Prediction } from "../dataset/prediction-schema.ts";
import type { SelectOptions } from "../dataset/select.ts";
import type { ContainerLimits } from "../sandbox/types.ts";
import type { ImageNaming } from "../evaluation/image-name.ts";
import type { EvalScriptRules } from "../evaluation/spec/eval-script.ts";
import type { InstanceResult } from "../evaluation/outcome.ts";
import { writePredictionLines } from "./files/predictions.ts";
import type { RunReport } from "./files/official-report.ts";
import type { FlakeList } from "./files/flake-list.ts";
import { writeEvalReports } from "./finalize.ts";
import type { RunLayout } from "./layout.ts";
import type { PlanFile } from "./plan-file.ts";
import type { PreparedRun, RunSpec, RunSteps } from "./prepare.ts";
import type { Instance } from "../dataset/row.ts";
import { checkRunInputs } from "./inputs/check.ts";
import { evalInstanceInputs } from "./inputs/current.ts";
import { legacyEvalInputs } from "./inputs/legacy.ts";
import { keptRepeat } from "./inputs/repeat.ts";
import { UNKNOWN_PROTOCOL, type ProtocolIdentity } from "../protocol/identity.ts";

export interface EvalRunOptions {
  readonly dataset: string;
  readonly split: string;
  readonly predictions: string;
  readonly runId: string;
  readonly selection: SelectOptions;
  readonly workers: number;
  readonly timeoutSeconds: number;
  readonly naming: ImageNaming;
  readonly outputDir: string;
  readonly redo: boolean;
  /** Redo the instances whose results were made with other inputs (else the run refuses them). */
  readonly redoChanged?: boolean;
  readonly generate: boolean;
  /** --eval-scripts (default "current"), recorded in run.json. */
  readonly evalScripts?: EvalScriptRules;
  readonly limits: ContainerLimits;
  /** Evaluations per prediction (`--repeat N`); default 1. */
  readonly repeat?: number;
  /** `--protocol NAME`: the agent protocol the predictions were made under (default: unknown). */
  readonly protocol?: ProtocolIdentity;
}

export interface EvalRunSummary {
  readonly report: RunReport;
  readonly reportPath: string;
  readonly layout: RunLayout;
  readonly results: readonly InstanceResult[];
  readonly interrupted: boolean;
  /** `--repeat N`: the run's flake list (<run>/flakes.json). */
  readonly flakes?: FlakeList;
}

export interface EvalInputs {
  readonly predictions: ReadonlyMap<string, Prediction>;
  /** Evaluations per prediction: --repeat, or the run's larger count (inputs/repeat.ts). */
  readonly repeat: number;
}

/** `eval`'s run folder: predictions.jsonl in, the official report and instances.csv out. */
export function evalRun(options: EvalRunOptions, onNotice: (line: string) => void): { spec: RunSpec; steps: Pick<RunSteps<EvalInputs, EvalReportsOut>, "inputs" | "checkInputs" | "record" | "finalize"> } {
  const { predictions, selection, workers, timeoutSeconds, naming, generate, limits } = options;
  const repeat = options.repeat ?? 1;
  return {
    spec: {
      kind: "eval", dataset: options.dataset, split: options.split, selection, runId: options.runId, outputDir: options.outputDir,
      options: { predictions, workers, timeout_seconds: timeoutSeconds, naming, generate, eval_scripts: options.evalScripts ?? "current", limits, repeat },
      protocol: options.protocol ?? UNKNOWN_PROTOCOL,
    },
    steps: {
      inputs: async ({ all, instances, layout }: PreparedRun) => {
        const loaded = await loadPredictions(options.predictions, all, instances);
        loaded.warnings.forEach((warning) => onNotice(`warning: ${warning}`));
        const kept = await keptRepeat(layout.runMeta, options.runId, repeat, "repeat", onNotice);
        return { predictions: loaded.predictions, modelName: loaded.modelName, repeat: kept, options: { repeat: kept } };
      },
      checkInputs: async ({ instances, selected, layout }, inputs) => {
        const evalPlan = evalPlanOf(options);
        await checkRunInputs({
          runId: options.runId, layout, instanceIds: ids(instances), selectedIds: ids(selected),
          current: (id) => evalInstanceInputs(evalPlan, id, inputs.predictions.get(id)),
          legacy: await legacyEvalInputs(layout.runMeta, layout.predictions),
          redo: options.redo, redoChanged: options.redoChanged ?? false, onNotice,
        });
      },
      record: async ({ layout }, inputs) => writePredictionLines(layout.predictions, [...inputs.predictions.values()].map(predictionLine)),
      finalize: ({ instances, layout }, inputs: EvalInputs & { readonly modelName: string }) => writeEvalReports(instances, inputs.predictions, inputs.modelName, layout, { dataset: options.dataset }),
    },
  };
}

const ids = (instances: readonly Instance[]) => instances.map((instance) => instance.instance_id);

type EvalReportsOut = Awaited<ReturnType<typeof writeEvalReports>>;

/** The plan's `eval` section: how every executor evaluates one prediction. */
export function evalPlanOf(options: Pick<EvalRunOptions, "timeoutSeconds" | "generate" | "evalScripts" | "naming" | "limits" | "repeat">): PlanFile["eval"] {
  const { timeoutSeconds, generate, evalScripts, naming, limits } = options;
  return { timeout_seconds: timeoutSeconds, generate, eval_scripts: evalScripts ?? "current", naming: { ...naming }, limits: { ...limits }, repeat: options.repeat ?? 1 };
}
