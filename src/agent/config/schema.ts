import { z } from "zod";
import type { ToolDefinition } from "../tools/parse/tool-definition.ts";

/** The agent configuration, whatever file it came from (ours or a SWE-agent YAML). */
export interface AgentConfig {
  readonly name: string;
  /** Where it was read from (path or URL) and the sha256 of its bytes: recorded in run.json. */
  readonly source: string;
  readonly sha256: string;
  readonly templates: {
    readonly system: string;
    readonly instance: string;
    readonly nextStep: string;
    readonly nextStepNoOutput: string;
  };
  readonly tools: {
    readonly executionTimeoutSeconds: number;
    readonly totalExecutionTimeoutSeconds: number;
    readonly maxConsecutiveTimeouts: number;
    readonly useFilemap: boolean;
    readonly submitReviewMessages: readonly string[];
    readonly envVariables: Readonly<Record<string, string>>;
    /** Tool definitions from the SWE-agent bundles the config names (they replace ours of the same name). */
    readonly bundleTools: readonly ToolDefinition[];
    /** The re-query text for a reply without a tool call (SWE-agent's comes from its parsing.py). */
    readonly noToolCallMessage: string | undefined;
  };
  readonly limits: { readonly maxSteps: number; readonly maxRequeries: number };
  readonly sampling: { readonly temperature?: number; readonly topP?: number };
}

const positive = z.number().positive();

/** Our own format (harness/agents/*.yaml). */
export const ownConfigSchema = z.strictObject({
  name: z.string().min(1),
  templates: z.strictObject({
    system: z.string(),
    instance: z.string().includes("{{problem_statement}}", { message: "the instance template must contain {{problem_statement}}" }),
    next_step: z.string().includes("{{observation}}", { message: "next_step must contain {{observation}}" }),
    next_step_no_output: z.string(),
  }),
  tools: z.strictObject({
    execution_timeout: positive.default(300),
    total_execution_timeout: positive.default(1800),
    max_consecutive_timeouts: z.number().int().positive().default(3),
    use_filemap: z.boolean().default(true),
    submit_review_messages: z.array(z.string()).default([]),
    env_variables: z.record(z.string(), z.string()).default({}),
    no_tool_call_message: z.string().min(1).optional(),
  }),
  limits: z.strictObject({
    max_steps: z.number().int().positive(),
    max_requeries: z.number().int().positive().default(3),
  }),
  sampling: z.strictObject({ temperature: z.number().min(0).optional(), top_p: z.number().gt(0).max(1).optional() }).prefault({}),
});

/** The parts of a SWE-agent 1.x run config that shape the agent (everything else is ignored). */
export const sweAgentConfigSchema = z.object({
  agent: z.object({
    templates: z.object({
      system_template: z.string().default(""),
      instance_template: z.string(),
      next_step_template: z.string().default("Observation: {{observation}}"),
      next_step_no_output_template: z.string().nullish(),
    }),
    tools: z.object({
      execution_timeout: positive.default(30),
      total_execution_timeout: positive.default(1800),
      max_consecutive_execution_timeouts: z.number().int().positive().default(3),
      bundles: z.array(z.object({ path: z.string() })).default([]),
      env_variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
      registry_variables: z.record(z.string(), z.unknown()).default({}),
    }).prefault({}),
    max_requeries: z.number().int().positive().default(3),
    model: z.object({
      per_instance_call_limit: z.number().int().min(0).default(0),
      temperature: z.number().min(0).optional(),
      top_p: z.number().nullish(),
    }).prefault({}),
  }),
});
