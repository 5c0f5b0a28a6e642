import { z } from "zod";

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
    instance_timeout_ms: z.number().positive(),
    token_budget: z.number().int().positive().optional(),
    total_execution_ms: z.number().positive(),
  }),
  /** The agent config as the coordinator loaded it; a worker loads the same source and checks the sha256. */
  agent_config: z.object({ source: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  redo_errors: z.boolean(),
});
export type AgentPlan = z.infer<typeof agentPlanSchema>;
