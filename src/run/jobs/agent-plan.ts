import { resolve } from "node:path";
import { z } from "zod";
import { tokenPriceSchema, type TokenPrice } from "../files/cost-settings.ts";
import type { AgentLimits } from "../../agent/agent.ts";
import type { ContextBudget } from "../../agent/model-step.ts";
import { isPreset } from "../../protocol/load.ts";
import type { ContainerLimits } from "../../sandbox/types.ts";
import { optional } from "../../util/optional.ts";

/**
 * The `agent` section of plan.json (job kind "agent", written by `infer`/`run --executor slurm`):
 * everything a worker needs to rebuild the rollout context without the coordinator's memory.
 * Never the API key: a worker reads `api_key_file` (a path the user gave) or OPENAI_API_KEY from
 * its environment (Slurm passes the coordinator's environment to the tasks).
 */
export const agentPlanSchema = z.object({
  command: z.enum(["infer", "run"]),
  model: z.string().min(1),
  model_name: z.string().min(1),
  base_url: z.string().min(1),
  /** The endpoint is the built-in scripted model started by the coordinator. */
  scripted: z.boolean(),
  api_key_file: z.string().optional(),
  sampling: z.object({
    temperature: z.number().optional(),
    top_p: z.number().optional(),
    max_tokens: z.number().int().optional(),
    seed: z.number().int().optional(),
    extra_body: z.record(z.string(), z.unknown()).optional(),
  }),
  request_timeout_s: z.number().positive(),
  tokenizer: z.enum(["auto", "local", "server", "none"]),
  context: z.object({
    tokens: z.number().int().positive(),
    on_overflow: z.enum(["autosubmit", "retry"]),
    overflow_retries: z.number().int().min(0),
  }),
  limits: z.object({
    max_steps: z.number().int().positive(),
    max_requeries: z.number().int().min(0),
    max_consecutive_timeouts: z.number().int().min(0),
    instance_timeout_ms: z.number().positive().optional(),
    token_budget: z.number().int().positive().optional(),
    total_execution_ms: z.number().positive(),
  }),
  /** Limits of each agent container (eval containers take the plan's `eval.limits`, none by default as upstream). */
  container: z.object({ memory_bytes: z.number().int().positive().optional(), pids_limit: z.number().int().positive().optional(), network: z.string().min(1).optional() }),
  /** The agent config as the coordinator loaded it; a worker loads the same source and checks the sha256. */
  agent_config: z.object({ source: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** The git clean-up before each rollout (agent/leak-guard.ts); absent in older plans: on. */
  leak_guard: z.boolean().optional(),
  /** run --price (USD per million tokens): what mini-swe-agent's cost limit counts with; absent: cost 0, only the step limit binds. */
  price: tokenPriceSchema.optional(),
});
export type AgentPlan = z.infer<typeof agentPlanSchema>;

export interface AgentPlanInput {
  readonly command: "infer" | "run";
  readonly model: string;
  readonly modelName: string;
  readonly baseUrl: string;
  readonly scripted: boolean;
  readonly apiKeyFile: string | undefined;
  readonly sampling: { readonly temperature?: number | undefined; readonly topP?: number | undefined; readonly seed?: number | undefined; readonly extraBody?: Record<string, unknown> | undefined };
  readonly requestTimeoutSeconds: number;
  readonly tokenizer: AgentPlan["tokenizer"];
  readonly budget: ContextBudget;
  readonly limits: AgentLimits;
  readonly container: { readonly memoryBytes?: number | undefined; readonly pidsLimit?: number | undefined; readonly network?: string | undefined };
  readonly agentConfig: { readonly source: string; readonly sha256: string };
  /** false: --no-leak-guard (default on). */
  readonly leakGuard?: boolean;
  /** --price: mini-swe-agent's cost limit binds with it. */
  readonly price?: TokenPrice | undefined;
}

/** The plan's agent section from the coordinator's resolved settings; local paths become absolute (workers start elsewhere). Pure. */
export function agentPlanFor(input: AgentPlanInput): AgentPlan {
  const { sampling: s, budget, limits: l } = input;
  const source = /^https?:\/\//.test(input.agentConfig.source) || isPreset(input.agentConfig.source) ? input.agentConfig.source : resolve(input.agentConfig.source);
  return {
    command: input.command, model: input.model, model_name: input.modelName, base_url: input.baseUrl, scripted: input.scripted,
    ...optional("api_key_file", input.apiKeyFile === undefined ? undefined : resolve(input.apiKeyFile)),
    sampling: {
      ...optional("temperature", s.temperature), ...optional("top_p", s.topP), ...optional("max_tokens", budget.maxTokens),
      ...optional("seed", s.seed), ...optional("extra_body", s.extraBody),
    },
    request_timeout_s: input.requestTimeoutSeconds, tokenizer: input.tokenizer,
    context: { tokens: budget.contextTokens, on_overflow: budget.onOverflow, overflow_retries: budget.overflowRetries },
    limits: {
      max_steps: l.maxSteps, max_requeries: l.maxRequeries, max_consecutive_timeouts: l.maxConsecutiveTimeouts,
      ...optional("instance_timeout_ms", l.instanceTimeoutMs), ...optional("token_budget", l.tokenBudget), total_execution_ms: l.totalExecutionMs,
    },
    container: { ...optional("memory_bytes", input.container.memoryBytes), ...optional("pids_limit", input.container.pidsLimit), ...optional("network", input.container.network) },
    agent_config: { source, sha256: input.agentConfig.sha256 },
    leak_guard: input.leakGuard ?? true,
    ...optional("price", input.price),
  };
}

/** The agent containers' limits: the plan's own memory and pids limits, on its own network (else the run's). */
export function agentContainerLimits(agent: AgentPlan, network: string | undefined): ContainerLimits {
  return { ...optional("network", agent.container.network ?? network), ...optional("memoryBytes", agent.container.memory_bytes), ...optional("pidsLimit", agent.container.pids_limit) };
}
