import { createHash } from "node:crypto";
import { join } from "node:path";
import { z } from "zod";
import { EVAL_SCRIPT_RULES } from "../../evaluation/spec/eval-script.ts";
import { writeJsonAtomic } from "../../util/fs-atomic.ts";
import { readJsonIfValid } from "../../util/json-file.ts";

/**
 * `inputs/<id>.json`: what produced an instance's results, written by the job kind before the
 * instance's work starts (its stale outputs removed first) and read back when a run id is re-run, so
 * resume can tell, instance by instance, whether the results on disk came from the same inputs.
 *   rollout     infer/run: what produced preds/<id>.json and trajs/<id>.traj.json
 *   evaluation  eval/run: what produced logs/<id>/ (eval: the prediction's patch and model name too)
 * Only what changes a result is here (not workers, timeouts of the harness, image names).
 */
export const rolloutInputsSchema = z.object({
  model: z.string(),
  model_name: z.string(),
  /** The endpoint without credentials; "scripted (built-in)" for the built-in scripted model. */
  base_url: z.string(),
  /** The agent config's sha256: its texts, tools and protocol. */
  agent_config_sha256: z.string(),
  context: z.object({ tokens: z.number(), on_overflow: z.string(), overflow_retries: z.number() }),
  sampling: z.object({
    temperature: z.number().optional(), top_p: z.number().optional(), max_tokens: z.number().optional(),
    seed: z.number().optional(), extra_body: z.record(z.string(), z.unknown()).optional(),
  }),
  limits: z.object({
    max_steps: z.number(), max_requeries: z.number(), max_consecutive_timeouts: z.number(),
    instance_timeout_ms: z.number().optional(), token_budget: z.number().optional(), total_execution_ms: z.number(),
  }),
  leak_guard: z.boolean(),
  /** run --price: mini-swe-agent's cost limit counts with it (absent: no price). */
  price: z.object({ input: z.number(), cached: z.number(), output: z.number() }).optional(),
});
export type RolloutInputs = z.infer<typeof rolloutInputsSchema>;

export const evaluationInputsSchema = z.object({
  /** eval: sha256 of the prediction's patch (null: no prediction for the instance, "" hashes as empty). */
  patch_sha256: z.string().nullable().optional(),
  /** eval: the prediction's model_name_or_path (null: no prediction). */
  model_name: z.string().nullable().optional(),
  eval_scripts: z.enum(EVAL_SCRIPT_RULES),
  generate: z.boolean(),
});
export type EvaluationInputs = z.infer<typeof evaluationInputsSchema>;

export const instanceInputsSchema = z.object({
  instance_id: z.string(),
  rollout: rolloutInputsSchema.optional(),
  evaluation: evaluationInputsSchema.optional(),
});
export type InstanceInputs = z.infer<typeof instanceInputsSchema>;

export function instanceInputsPath(runDir: string, id: string): string {
  return join(runDir, "inputs", `${id}.json`);
}

export function readInstanceInputs(runDir: string, id: string): Promise<InstanceInputs | undefined> {
  return readJsonIfValid(instanceInputsPath(runDir, id), instanceInputsSchema);
}

export async function writeInstanceInputs(runDir: string, inputs: InstanceInputs): Promise<void> {
  await writeJsonAtomic(instanceInputsPath(runDir, inputs.instance_id), instanceInputsSchema.parse(inputs), 2);
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** One field whose value differs: its dotted name, the value on disk and this invocation's. */
export interface ChangedField {
  readonly field: string;
  readonly old: unknown;
  readonly new: unknown;
}

/** The fields of `part` (a rollout or evaluation section) that differ between `old` and `now`, named `prefix.field.sub`. Pure. */
export function changedFields(prefix: string, old: unknown, now: unknown): ChangedField[] {
  const flat = (value: unknown, at: string, into: Map<string, unknown>): Map<string, unknown> => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) flat(inner, `${at}.${key}`, into);
    } else if (value !== undefined) into.set(at, value);
    return into;
  };
  const before = flat(old, prefix, new Map());
  const after = flat(now, prefix, new Map());
  const fields = [...new Set([...before.keys(), ...after.keys()])];
  return fields
    .filter((field) => JSON.stringify(before.get(field)) !== JSON.stringify(after.get(field)))
    .map((field) => ({ field, old: before.get(field), new: after.get(field) }));
}
