import type { Instance } from "../../dataset/row.ts";
import type { Sandbox } from "../../sandbox/types.ts";
import type { AgentConfig } from "../config/schema.ts";
import type { LoopMessages } from "../loop/agent.ts";
import type { ToolsFactory } from "../loop/rollout.ts";
import type { ToolSchema } from "../model/types.ts";
import { defaultConfig, defaultTools, DEFAULT_ENV_VARIABLES } from "../tools/config.ts";
import type { SweAgentToolsConfig } from "../tools/config.ts";
import { formatErrorMessage } from "../tools/parse/format-errors.ts";
import { functionTool } from "../tools/parse/tool-definition.ts";
import type { ToolDefinition } from "../tools/parse/tool-definition.ts";
import { SweAgentTools } from "../tools/swe-agent-tools.ts";

export interface Toolkit {
  readonly schemas: readonly ToolSchema[];
  readonly messages: LoopMessages;
  readonly startTools: ToolsFactory;
}

/** The SWE-agent tools for an agent config: their schemas, the loop's texts, and how to start them. */
export function sweAgentToolkit(config: AgentConfig): Toolkit {
  const definitions = toolDefinitions(config);
  const base = toolsConfig(config, definitions);
  return {
    schemas: definitions.map((tool) => functionTool(tool) as unknown as ToolSchema),
    messages: { malformedToolCall: formatErrorMessage("invalid_json", "Tool call arguments are not valid JSON.", base.noToolCallMessage) },
    startTools: (sandbox: Sandbox, instance: Instance) => SweAgentTools.start(sandbox, { ...base, problemStatement: instance.problem_statement }),
  };
}

/** Ours (bash, str_replace_editor, submit), each replaced by a SWE-agent bundle's definition of that name. */
function toolDefinitions(config: AgentConfig): ToolDefinition[] {
  return defaultTools().map((tool) => config.tools.bundleTools.find((bundled) => bundled.name === tool.name) ?? tool);
}

function toolsConfig(config: AgentConfig, tools: readonly ToolDefinition[]): SweAgentToolsConfig {
  const defaults = defaultConfig();
  return defaultConfig({
    executionTimeoutSeconds: config.tools.executionTimeoutSeconds,
    registryVariables: { USE_FILEMAP: config.tools.useFilemap ? "true" : "false", SUBMIT_REVIEW_MESSAGES: [...config.tools.submitReviewMessages] },
    envVariables: { ...DEFAULT_ENV_VARIABLES, ...config.tools.envVariables },
    tools,
    templates: { ...defaults.templates, nextStep: config.templates.nextStep, noOutput: config.templates.nextStepNoOutput },
    noToolCallMessage: config.tools.noToolCallMessage ?? defaults.noToolCallMessage,
  });
}
