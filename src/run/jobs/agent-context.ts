import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { loadProtocolConfig } from "../../protocol/load.ts";
import { isMiniConfig } from "../../protocol/schema.ts";
import type { AnyAgentConfig } from "../../protocol/schema.ts";
import type { Agent } from "../../agent/types.ts";
import { sweAgent } from "../../agent/swe-agent.ts";
import { miniAgent } from "../../agent/mini/mini-agent.ts";
import type { TokenPrice } from "../files/cost-settings.ts";
import { optional } from "../../util/optional.ts";
import type { RolloutContext } from "./rollout.ts";
import { connectModel } from "../../model/setup.ts";
import type { AgentPlan } from "./agent-plan.ts";
import { SeraBenchError } from "../../util/errors.ts";

/** What a worker rebuilds once from plan.json: the rollout context minus the engine and the run's labels. */
export type WorkerRollout = Omit<RolloutContext, "engine" | "runId" | "labels" | "signal">;

/**
 * The rollout context of the coordinator, rebuilt on a node from the plan alone: the agent config
 * (the same file: its sha256 must match), the model endpoint with the key from --api-key-file or
 * this node's OPENAI_API_KEY, the tools, the context budget and the limits.
 */
export async function workerRollout(agent: AgentPlan, limitsContainer: RolloutContext["limitsContainer"]): Promise<WorkerRollout> {
  const config = await loadProtocolConfig(agent.agent_config.source);
  if (config.sha256 !== agent.agent_config.sha256) {
    throw new SeraBenchError(
      `agent config ${agent.agent_config.source} on node ${hostname()} has sha256 ${config.sha256}, but the coordinator loaded ${agent.agent_config.sha256}: ` +
        "the file changed since the run was submitted (or differs on this node); restore it or start a new run id",
    );
  }
  const apiKey = await apiKeyFor(agent);
  const s = agent.sampling;
  const { model, counter } = connectModel(
    {
      model: agent.model, baseUrl: agent.base_url, apiKey, temperature: s.temperature, topP: s.top_p, maxTokens: s.max_tokens, seed: s.seed,
      extraBody: s.extra_body, requestTimeoutSeconds: agent.request_timeout_s, tokenizer: agent.tokenizer,
    },
    agent.base_url,
    agent.scripted,
  );
  return rolloutFromPlan(agent, { config, model, counter }, limitsContainer);
}

/** The rollout context of a plan's agent section, with the agent config and the model at hand (the local executor has them). */
export function rolloutFromPlan(agent: AgentPlan, at: Pick<WorkerRollout, "config" | "model" | "counter">, limitsContainer: RolloutContext["limitsContainer"]): WorkerRollout {
  const { sampling: s, limits: l } = agent;
  return {
    ...at, modelName: agent.model_name, agent: agentFor(at.config, agent.price), limitsContainer, leakGuard: agent.leak_guard ?? true,
    budget: { contextTokens: agent.context.tokens, maxTokens: s.max_tokens, onOverflow: agent.context.on_overflow, overflowRetries: agent.context.overflow_retries },
    limits: {
      maxSteps: l.max_steps, maxRequeries: l.max_requeries, maxConsecutiveTimeouts: l.max_consecutive_timeouts, instanceTimeoutMs: l.instance_timeout_ms,
      tokenBudget: l.token_budget, totalExecutionMs: l.total_execution_ms,
    },
  };
}

/** The protocol's agent: mini-swe-agent's loop for its configs, SWE-agent's otherwise. */
export function agentFor(config: AnyAgentConfig, price?: TokenPrice): Agent {
  return isMiniConfig(config) ? miniAgent(config, optional("price", price)) : sweAgent(config);
}

/** The key never travels in the plan: a file the user named (readable on the node), else the environment. */
async function apiKeyFor(agent: AgentPlan): Promise<string | undefined> {
  if (agent.api_key_file === undefined) return process.env.OPENAI_API_KEY;
  try {
    const key = (await readFile(agent.api_key_file, "utf8")).trim();
    if (key === "") throw new SeraBenchError("the file is empty");
    return key;
  } catch (error) {
    throw new SeraBenchError(`--api-key-file ${agent.api_key_file}: cannot read the API key on node ${hostname()} (${error instanceof Error ? error.message : String(error)})`);
  }
}
