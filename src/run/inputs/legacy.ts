import { z } from "zod";
import { readRunPredictionLines } from "../files/predictions.ts";
import { sha256 } from "../files/instance-inputs.ts";
import type { InstanceInputs } from "../files/instance-inputs.ts";
import { readJsonIfValid } from "../../util/json-file.ts";
import { withoutCredentials } from "./current.ts";

/**
 * Runs written before the per-instance input records: what their run.json says (and, for eval, the
 * run's predictions.jsonl) is taken as the inputs of every result they hold. Fields run.json does
 * not say are absent (not compared). Read once per invocation.
 */
const num = z.number().optional();
const legacyOptionsSchema = z.looseObject({
  options: z.looseObject({
    eval_scripts: z.string().optional(),
    generate: z.boolean().optional(),
    model: z.string().optional(),
    model_name: z.string().optional(),
    base_url: z.string().optional(),
    agent_config: z.looseObject({ sha256: z.string().optional() }).optional(),
    context_tokens: num,
    on_overflow: z.string().optional(),
    overflow_retries: num,
    sampling: z.looseObject({ temperature: num, top_p: num, max_tokens: num, seed: num, extra_body: z.record(z.string(), z.unknown()).optional() }).optional(),
    limits: z.looseObject({ maxSteps: num, maxRequeries: num, maxConsecutiveTimeouts: num, instanceTimeoutMs: num, tokenBudget: num, totalExecutionMs: num }).optional(),
    leak_guard: z.boolean().optional(),
    eval: z.looseObject({ eval_scripts: z.string().optional(), generate: z.boolean().optional() }).optional(),
  }).optional(),
});

export type LegacyInputs = (id: string) => InstanceInputs | undefined;

/** `eval`: the run's predictions.jsonl and run.json's eval options; undefined without a run.json. */
export async function legacyEvalInputs(runMetaPath: string, predictionsPath: string): Promise<LegacyInputs> {
  const meta = await readJsonIfValid(runMetaPath, legacyOptionsSchema);
  if (meta === undefined) return () => undefined;
  const lines = new Map((await readRunPredictionLines(predictionsPath)).map((line) => [line.instance_id, line]));
  const o = meta.options ?? {};
  return (id) => {
    const line = lines.get(id);
    return {
      instance_id: id,
      evaluation: {
        ...(line === undefined ? {} : { patch_sha256: sha256(line.model_patch ?? ""), model_name: line.model_name_or_path }),
        eval_scripts: (o.eval_scripts ?? "current") as "current", generate: o.generate ?? false,
      },
    };
  };
}

/** `infer` / `run`: run.json's model, server, agent config, context, sampling and limits. */
export async function legacyAgentInputs(runMetaPath: string): Promise<LegacyInputs> {
  const meta = await readJsonIfValid(runMetaPath, legacyOptionsSchema);
  if (meta === undefined) return () => undefined;
  const o = meta.options ?? {};
  const s = o.sampling ?? {};
  const l = o.limits ?? {};
  // Partial on purpose: what run.json does not say is not compared (the check skips absent old values).
  const rollout = {
    model: o.model, model_name: o.model_name, base_url: o.base_url === undefined ? undefined : withoutCredentials(o.base_url),
    agent_config_sha256: o.agent_config?.sha256,
    context: { tokens: o.context_tokens, on_overflow: o.on_overflow, overflow_retries: o.overflow_retries },
    sampling: { temperature: s.temperature, top_p: s.top_p, max_tokens: s.max_tokens, seed: s.seed, extra_body: s.extra_body },
    limits: {
      max_steps: l.maxSteps, max_requeries: l.maxRequeries, max_consecutive_timeouts: l.maxConsecutiveTimeouts,
      instance_timeout_ms: l.instanceTimeoutMs, token_budget: l.tokenBudget, total_execution_ms: l.totalExecutionMs,
    },
    leak_guard: o.leak_guard,
  } as unknown as NonNullable<InstanceInputs["rollout"]>;
  const evaluation = { eval_scripts: (o.eval?.eval_scripts ?? "current") as "current", generate: o.eval?.generate ?? false };
  return (id) => ({ instance_id: id, rollout, evaluation });
}
