import type { Prediction } from "../../dataset/prediction-schema.ts";
import { sha256 } from "../files/instance-inputs.ts";
import type { EvaluationInputs, InstanceInputs, RolloutInputs } from "../files/instance-inputs.ts";
import type { AgentPlan } from "../jobs/agent-plan.ts";
import type { PlanFile } from "../plan-file.ts";
import { optional } from "../../util/optional.ts";

/** How run.json and the input records name the built-in scripted model's endpoint (its port changes every start). */
export const SCRIPTED_BASE_URL = "scripted (built-in)";

/** A base URL without its credentials (`scheme://user:pass@host` -> `scheme://host`). */
export function withoutCredentials(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (parsed.username === "" && parsed.password === "") return url;
  parsed.username = "";
  parsed.password = "";
  return parsed.toString();
}

/** What produces a rollout, from the plan's agent section (coordinator and workers alike). Pure. */
export function rolloutInputsOf(agent: AgentPlan): RolloutInputs {
  const { sampling: s, limits: l } = agent;
  return {
    model: agent.model, model_name: agent.model_name, base_url: agent.scripted ? SCRIPTED_BASE_URL : withoutCredentials(agent.base_url),
    agent_config_sha256: agent.agent_config.sha256,
    context: { ...agent.context },
    sampling: { ...optional("temperature", s.temperature), ...optional("top_p", s.top_p), ...optional("max_tokens", s.max_tokens), ...optional("seed", s.seed), ...optional("extra_body", s.extra_body) },
    limits: {
      max_steps: l.max_steps, max_requeries: l.max_requeries, max_consecutive_timeouts: l.max_consecutive_timeouts,
      ...optional("instance_timeout_ms", l.instance_timeout_ms), ...optional("token_budget", l.token_budget), total_execution_ms: l.total_execution_ms,
    },
    leak_guard: agent.leak_guard ?? true,
    ...optional("price", agent.price),
  };
}

/** What produces a verdict besides the patch: the eval-side options. Pure. */
export function evaluationInputsOf(evalPlan: PlanFile["eval"]): EvaluationInputs {
  return { eval_scripts: evalPlan.eval_scripts, generate: evalPlan.generate };
}

/** `eval`: the prediction (its patch's sha256 and model name; null without one) and the eval-side options. */
export function evalInstanceInputs(evalPlan: PlanFile["eval"], id: string, prediction: Prediction | undefined): InstanceInputs {
  return {
    instance_id: id,
    evaluation: { patch_sha256: prediction === undefined ? null : sha256(prediction.modelPatch ?? ""), model_name: prediction?.modelNameOrPath ?? null, ...evaluationInputsOf(evalPlan) },
  };
}

/** `infer` / `run`: the rollout's inputs; `run` also the evaluation's. */
export function agentInstanceInputs(jobs: { readonly agent: AgentPlan; readonly eval: PlanFile["eval"] }, id: string): InstanceInputs {
  return { instance_id: id, rollout: rolloutInputsOf(jobs.agent), ...(jobs.agent.command === "run" ? { evaluation: evaluationInputsOf(jobs.eval) } : {}) };
}
