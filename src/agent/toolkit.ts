import type { Instance } from "../dataset/row.ts";
import type { Sandbox } from "../sandbox/types.ts";
import type { AgentConfig } from "../protocol/schema.ts";
import type { LoopMessages } from "./agent.ts";
import type { ToolsFactory } from "./types.ts";
import type { ToolSchema } from "../model/types.ts";
import { defaultConfig, DEFAULT_ENV_VARIABLES } from "../tools/config.ts";
import type { SweAgentToolsConfig } from "../tools/config.ts";
import { formatErrorMessage } from "../tools/parse/format-errors.ts";
import { functionTool } from "../tools/parse/tool-definition.ts";
import { SweAgentTools } from "../tools/swe-agent-tools.ts";

export interface Toolkit {
  readonly schemas: readonly ToolSchema[];
  readonly messages: LoopMessages;
  readonly startTools: ToolsFactory;
}

/** The SWE-agent tools for an agent config: their schemas, the loop's texts, and how to start them. */
export function sweAgentToolkit(config: AgentConfig): Toolkit {
  const base = toolsConfig(config);
  return {
    schemas: config.tools.definitions.map((tool) => functionTool(tool) as unknown as ToolSchema),
    messages: loopMessages(base.formatErrorTemplate),
    startTools: (sandbox: Sandbox, instance: Instance) => SweAgentTools.start(sandbox, { ...base, problemStatement: instance.problem_statement }),
  };
}

/**
 * Tool calls the client could not read. In `<tool_call>` text (cut off at max_tokens, broken JSON),
 * vLLM's hermes parser returns no tool call at all, so SWE-agent re-queries as for a reply without
 * one; native calls with non-JSON arguments get the parser's invalid-JSON text.
 */
function loopMessages(template: string): LoopMessages {
  return {
    malformedToolCall: (origin) =>
      origin === "text"
        ? formatErrorMessage(template, "missing", "Expected exactly one tool call in model response - received 0 tool calls")
        : formatErrorMessage(template, "invalid_json", "Tool call arguments are not valid JSON."),
  };
}

export function toolsConfig(config: AgentConfig): SweAgentToolsConfig {
  const defaults = defaultConfig();
  return defaultConfig({
    executionTimeoutSeconds: config.tools.executionTimeoutSeconds,
    registryVariables: { USE_FILEMAP: config.tools.useFilemap ? "true" : "false", SUBMIT_REVIEW_MESSAGES: [...config.tools.submitReviewMessages] },
    envVariables: { ...DEFAULT_ENV_VARIABLES, ...config.tools.envVariables },
    tools: config.tools.definitions,
    templates: { ...defaults.templates, nextStep: config.templates.nextStep, noOutput: config.templates.nextStepNoOutput },
    formatErrorTemplate: config.tools.formatErrorTemplate,
  });
}
