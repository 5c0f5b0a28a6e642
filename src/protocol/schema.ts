import { z } from "zod";
import type { ToolDefinition } from "../tools/parse/tool-definition.ts";
import type { ProtocolIdentity } from "./identity.ts";
import type { MiniProtocol } from "./mini/protocol.ts";

/**
 * Whether a config's model-facing texts are SERA's published ones: `published` when every text part
 * (templates, tool definitions, review messages, parser re-queries, tool settings) hashes to the
 * value of harness/protocols/sera.json; else `custom`, naming the parts that differ.
 */
export interface ProtocolInfo {
  readonly status: "published" | "custom";
  readonly differs: readonly string[];
  /** The files the texts were read from ("allenai-SERA/sera/configs/sweagent/e2e.yaml", a path, a URL) and their sha256. */
  readonly files: readonly { readonly file: string; readonly sha256: string }[];
  /** Why the run uses these texts, when that is worth saying (e.g. the scripted model's fallback). */
  readonly note?: string;
  /** Whose published texts `status` refers to, when not SERA's (e.g. "mini-swe-agent@v1.17.2"). */
  readonly label?: string;
}

/** The agent configuration, whatever it came from (SERA's published files, a SWE-agent YAML, ours). */
export interface AgentConfig {
  /** The SWE-agent protocol (absent in configs built by hand: the same). */
  readonly kind?: "swe-agent";
  /** Which protocol this is, for run.json and reports (set by the loader). */
  readonly identity?: ProtocolIdentity;
  readonly name: string;
  /** What a worker loads again: a preset name, a path or a URL. */
  readonly source: string;
  /** sha256 over everything read (config file and the files it names): a worker checks it. */
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
    /** The function-calling tools, in the order the model sees them (bash, str_replace_editor, submit). */
    readonly definitions: readonly ToolDefinition[];
    /** The parser's re-query template (Jinja, with `error_code` and `exception_message`). */
    readonly formatErrorTemplate: string;
  };
  readonly limits: { readonly maxSteps: number; readonly maxRequeries: number };
  /** `topP: null` = not sent (the server's default applies). */
  readonly sampling: { readonly temperature?: number; readonly topP: number | null };
  readonly protocol: ProtocolInfo;
  /** SERA's training system prompt (constants.py HERMES_DEFAULT_SYSTEM_PROMPT) when the config came with it: `prompt` compares against it. */
  readonly trainingSystemPrompt?: string;
}

/** mini-swe-agent's protocol at a tag (or a config based on one): its own loop, tools and texts (agent/mini/). */
export interface MiniAgentConfig {
  readonly kind: "mini-swe-agent";
  readonly identity: ProtocolIdentity;
  readonly name: string;
  /** What a worker loads again: `mini-swe-agent@<tag>` or a path. */
  readonly source: string;
  readonly sha256: string;
  readonly mini: MiniProtocol;
  /** maxSteps: the step limit; maxRequeries: format errors in a row that end the run (0 = none). */
  readonly limits: { readonly maxSteps: number; readonly maxRequeries: number };
  readonly sampling: { readonly temperature?: number; readonly topP: number | null };
  readonly protocol: ProtocolInfo;
}

/** Any agent protocol sera-bench runs: SWE-agent's (SERA's) or mini-swe-agent's. */
export type AnyAgentConfig = AgentConfig | MiniAgentConfig;

export function isMiniConfig(config: AnyAgentConfig): config is MiniAgentConfig {
  return config.kind === "mini-swe-agent";
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
    format_error_template: z.string().min(1).optional(),
  }),
  limits: z.strictObject({
    max_steps: z.number().int().positive(),
    max_requeries: z.number().int().positive().default(3),
  }),
  sampling: z.strictObject({ temperature: z.number().min(0).optional(), top_p: z.number().gt(0).max(1).nullable().default(1) }).prefault({}),
});

/**
 * The parts of a SWE-agent 1.x run config that shape the agent. What sera-bench cannot reproduce is
 * refused (another parser, history processors that change the conversation), never ignored.
 */
export const sweAgentConfigSchema = z.object({
  agent: z.object({
    type: z.literal("default", { message: 'only agent.type "default" is supported' }).default("default"),
    templates: z.object({
      system_template: z.string().default(""),
      instance_template: z.string(),
      next_step_template: z.string().default("Observation: {{observation}}"),
      next_step_no_output_template: z.string().nullish(),
      demonstrations: z.array(z.unknown()).max(0, { message: "demonstrations are not supported" }).optional(),
    }),
    tools: z.object({
      execution_timeout: positive.default(30),
      total_execution_timeout: positive.default(1800),
      max_consecutive_execution_timeouts: z.number().int().positive().default(3),
      bundles: z.array(z.object({ path: z.string().min(1) })).default([]),
      enable_bash_tool: z.literal(true, { message: "enable_bash_tool: false is not supported" }).default(true),
      parse_function: z.object({ type: z.literal("function_calling", { message: 'only parse_function type "function_calling" is supported' }) }).prefault({ type: "function_calling" }),
      env_variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
      registry_variables: z.record(z.string(), z.unknown()).default({}),
    }).prefault({}),
    history_processors: z.array(z.object({ type: z.enum(["default", "cache_control"], { message: "only the default and cache_control history processors are supported (they do not change the text the model sees)" }) }).loose()).default([]),
    max_requeries: z.number().int().positive().default(3),
    model: z.object({
      per_instance_call_limit: z.number().int().min(0).default(0),
      temperature: z.number().min(0).optional(),
      top_p: z.number().nullable().default(1),
    }).prefault({}),
  }),
});
