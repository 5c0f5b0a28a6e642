/**
 * Read-only views of the files in a run folder, parsed once at the edge. Every object is loose:
 * fields we do not know are kept and ignored, so newer writers never break the reader.
 */
import { z } from "zod";
import { predictionSchema } from "../../dataset/prediction-schema.ts";
import { protocolIdentitySchema } from "../../protocol/identity.ts";

const idList = z.array(z.string());

/** `<model>.<run_id>.json`, the official run report (schema_version 2). */
export const runReportSchema = z.looseObject({
  total_instances: z.number().int().nonnegative(),
  submitted_instances: z.number().int().nonnegative(),
  completed_instances: z.number().int().nonnegative(),
  resolved_instances: z.number().int().nonnegative(),
  unresolved_instances: z.number().int().nonnegative(),
  empty_patch_instances: z.number().int().nonnegative(),
  error_instances: z.number().int().nonnegative(),
  completed_ids: idList,
  incomplete_ids: idList,
  empty_patch_ids: idList,
  submitted_ids: idList,
  resolved_ids: idList,
  unresolved_ids: idList,
  error_ids: idList,
});
export type RunReportView = z.infer<typeof runReportSchema>;

/** `logs/<id>/result.json`: the schema its writer (the evaluation of one instance) types it with. */
export { instanceResultSchema } from "../../evaluation/outcome.ts";
export type { InstanceResult as InstanceResultView } from "../../evaluation/outcome.ts";

/** `logs/<id>/report.json`: `{ "<id>": { resolved, tests_status: { FAIL_TO_PASS: { success, failure }, ... } } }`. */
const testBucket = z.looseObject({ success: idList.default([]), failure: idList.default([]) });
export const officialInstanceReportSchema = z.record(
  z.string(),
  z.looseObject({
    resolved: z.boolean().optional(),
    patch_successfully_applied: z.boolean().optional(),
    tests_status: z.record(z.string(), testBucket).optional(),
  }),
);
export type OfficialInstanceReport = z.infer<typeof officialInstanceReportSchema>;

/**
 * `run.json`: written by `eval` ({ dataset, split, run_id, model_name, created_at, finished_at,
 * sera_bench_version, git_revision, instance_ids }) and by the agent run (model, context length,
 * seed, limits, ...). Every field optional.
 */
export const runMetaSchema = z.looseObject({
  run_id: z.string().optional(),
  dataset: z.string().optional(),
  split: z.string().optional(),
  model_name: z.string().optional(),
  model: z.union([z.string(), z.looseObject({ name: z.string().optional() })]).optional(),
  context_length: z.number().optional(),
  context_tokens: z.number().optional(),
  max_model_len: z.number().optional(),
  seed: z.union([z.number(), z.string()]).optional(),
  attempts: z.union([z.number(), z.string()]).optional(),
  created_at: z.string().optional(),
  started_at: z.string().optional(),
  finished_at: z.string().optional(),
  sera_bench_version: z.string().optional(),
  /** null when sera-bench does not run from a git checkout (an npm install, a `git archive`). */
  git_revision: z.string().nullable().optional(),
  instance_ids: idList.optional(),
  limits: z.record(z.string(), z.unknown()).optional(),
  /** Which agent protocol made the predictions (runs since the protocol record; older ones: see report/run/protocol.ts). */
  protocol: protocolIdentitySchema.optional(),
  /** Agent runs keep their settings here (context_tokens, sampling.seed, ...). */
  options: z.looseObject({
    context_tokens: z.number().optional(),
    sampling: z.looseObject({ seed: z.number().nullish() }).optional(),
    /** Whether the agent's texts were SERA's published ones (agent runs since the protocol presets). */
    protocol: z.looseObject({
      status: z.enum(["published", "custom"]), summary: z.string().optional(), differs: z.array(z.string()).optional(),
      /** The loaded config's identity, where a writer put it beside the status. */
      identity: protocolIdentitySchema.optional(),
    }).optional(),
    agent_config: z.looseObject({ name: z.string().optional(), sha256: z.string().optional() }).optional(),
  }).optional(),
});
export type RunMeta = z.infer<typeof runMetaSchema>;

/** `trajs/<id>.traj.json` (agent side). */
export const trajectorySchema = z.looseObject({
  /** The agent config the rollout ran with (sera-bench trajectories): `protocol` is "published" or "custom". */
  agent_config: z.looseObject({ name: z.string().optional(), sha256: z.string().optional(), protocol: z.string().optional() }).optional(),
  info: z
    .looseObject({
      exit_status: z.string().nullable().optional(),
      exit_message: z.string().nullable().optional(),
      submission: z.string().nullable().optional(),
      model_stats: z
        .looseObject({
          prompt_tokens: z.number().optional(),
          completion_tokens: z.number().optional(),
          api_calls: z.number().optional(),
        })
        .optional(),
      leak_attempts: z.array(z.looseObject({ call: z.number(), kind: z.string() })).optional(),
    })
    .optional(),
  steps: z.array(z.unknown()).optional(),
  wall_time_s: z.number().optional(),
  started_at: z.string().optional(),
  finished_at: z.string().nullable().optional(),
});
export type TrajectoryView = z.infer<typeof trajectorySchema>;

/** A line of `predictions.jsonl` read back: the dataset's prediction schema, a missing model name read as upstream's "None". */
export const predictionLineSchema = predictionSchema.extend({ model_name_or_path: z.string().nullish().transform((name) => name ?? "None") });
export type { PredictionLine } from "../../dataset/prediction-schema.ts";

/** The context length of a run in tokens, whichever name the writer used. */
export function contextLengthOf(meta: RunMeta | undefined): number | undefined {
  return meta?.context_length ?? meta?.context_tokens ?? meta?.options?.context_tokens ?? meta?.max_model_len;
}

export function modelNameOf(meta: RunMeta | undefined): string | undefined {
  if (meta === undefined) return undefined;
  if (typeof meta.model === "string") return meta.model;
  return meta.model?.name ?? meta.model_name;
}
