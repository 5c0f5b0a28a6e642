import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { AgentConfig } from "./schema.ts";
import { sweAgentConfigSchema } from "./schema.ts";
import { toolsFromBundleConfig } from "../tools/parse/tool-definition.ts";
import type { ToolDefinition } from "../tools/parse/tool-definition.ts";
import { sha256Hex } from "./files.ts";
import type { ProtocolFile, ProtocolFileReader } from "./files.ts";
import { pyDedent, pythonCallKeyword, pythonClassAttribute, pythonConstant } from "./python-source.ts";
import { parseToolsBlock, toolFromFunctionJson } from "./tools-block.ts";
import { SeraBenchError } from "../util/errors.ts";
import { optional } from "../util/optional.ts";

export const PARSING_PY = "sweagent/tools/parsing.py";
const COMMANDS_PY = "sweagent/tools/commands.py";
const CONSTANTS_PY = "sera/constants.py";
const SYSTEM_PROMPT_CONSTANT = "HERMES_DEFAULT_SYSTEM_PROMPT";
/** SWE-agent's built-in bash tool is invoked as the command itself (Command.signature "<command>"). */
const BASH_SIGNATURE = "<command>";

export type SweAgentConfig = Omit<AgentConfig, "protocol" | "source" | "name"> & { readonly files: readonly ProtocolFile[] };

/**
 * A SWE-agent run config with every text taken from the files it names, read through `reader`:
 * the tool bundles' config.yaml (tool descriptions), FunctionCallingParser's re-query template
 * (sweagent/tools/parsing.py), and the built-in bash tool (sweagent/tools/commands.py, or the tool
 * block of SERA's training system prompt in sera/constants.py). A file that cannot be found is an
 * error naming it, never a silent fallback to other texts.
 */
export async function sweAgentConfigFrom(config: ProtocolFile, reader: ProtocolFileReader): Promise<SweAgentConfig> {
  const agent = parseRunConfig(config);
  const { templates, tools, model, max_requeries } = agent;
  const bundleFiles = await Promise.all(tools.bundles.map((bundle) => required(reader, `${bundle.path}/config.yaml`, `the tool bundle ${bundle.path} named in ${config.origin}`)));
  const parsing = await required(reader, PARSING_PY, `the function-calling parser's texts (FunctionCallingParser in ${PARSING_PY})`);
  const bash = await bashTool(reader);
  const training = await reader.read("sera", CONSTANTS_PY);
  const files = unique([config, ...bundleFiles, parsing, bash.file, ...(training === undefined ? [] : [training])]);
  const registry = tools.registry_variables;
  const review = registry.SUBMIT_REVIEW_MESSAGES;
  return {
    sha256: sha256Hex(files.map((file) => `${file.role}:${file.path}:${file.sha256}`).join("\n")),
    files,
    templates: {
      system: templates.system_template, instance: templates.instance_template, nextStep: templates.next_step_template,
      nextStepNoOutput: templates.next_step_no_output_template ?? templates.next_step_template,
    },
    tools: {
      executionTimeoutSeconds: tools.execution_timeout, totalExecutionTimeoutSeconds: tools.total_execution_timeout,
      maxConsecutiveTimeouts: tools.max_consecutive_execution_timeouts,
      useFilemap: String(registry.USE_FILEMAP ?? "false").toLowerCase() === "true",
      submitReviewMessages: Array.isArray(review) ? review.map(String) : [],
      envVariables: Object.fromEntries(Object.entries(tools.env_variables).map(([k, v]) => [k, String(v)])),
      definitions: [bash.tool, ...bundleFiles.flatMap((file) => toolsFromBundleConfig(file.text, file.origin))],
      formatErrorTemplate: pyDedent(pythonClassAttribute(parsing.text, "FunctionCallingParser", "error_message", parsing.origin)),
    },
    limits: { maxSteps: model.per_instance_call_limit === 0 ? Number.MAX_SAFE_INTEGER : model.per_instance_call_limit, maxRequeries: max_requeries },
    sampling: { ...optional("temperature", model.temperature), topP: model.top_p },
    ...(training === undefined ? {} : { trainingSystemPrompt: pythonConstant(training.text, SYSTEM_PROMPT_CONSTANT, training.origin) }),
  };
}

/** The bundle paths a SWE-agent YAML names (to find the checkout that holds them). */
export function bundlePaths(config: ProtocolFile): string[] {
  return parseRunConfig(config).tools.bundles.map((bundle) => bundle.path);
}

export function isSweAgentYaml(parsed: unknown): boolean {
  return typeof parsed === "object" && parsed !== null && "agent" in parsed;
}

function parseRunConfig(config: ProtocolFile): z.infer<typeof sweAgentConfigSchema>["agent"] {
  let parsed: unknown;
  try {
    parsed = parseYaml(config.text);
  } catch (error) {
    throw new SeraBenchError(`${config.origin}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = sweAgentConfigSchema.safeParse(parsed);
  if (!result.success) throw new SeraBenchError(`${config.origin}: invalid SWE-agent configuration\n${z.prettifyError(result.error)}`);
  return result.data.agent;
}

async function required(reader: ProtocolFileReader, path: string, what: string): Promise<ProtocolFile> {
  const file = await reader.read("swe-agent", path);
  if (file === undefined) throw new SeraBenchError(`cannot find ${path} (${what}): looked in ${reader.describe("swe-agent")}`);
  return file;
}

/** SWE-agent's BASH_COMMAND (commands.py) when the checkout has it, else the bash tool of SERA's training system prompt. */
async function bashTool(reader: ProtocolFileReader): Promise<{ tool: ToolDefinition; file: ProtocolFile }> {
  const commands = await reader.read("swe-agent", COMMANDS_PY);
  if (commands !== undefined) {
    const docstring = pythonCallKeyword(commands.text, "BASH_COMMAND", "docstring", commands.origin);
    const description = pythonCallKeyword(commands.text, "BASH_COMMAND", "description", commands.origin);
    if (docstring === undefined || description === undefined) throw new SeraBenchError(`${commands.origin}: BASH_COMMAND has no docstring= or argument description=`);
    return { tool: { name: "bash", signature: BASH_SIGNATURE, docstring, arguments: [{ name: "command", type: "string", description, required: true }] }, file: commands };
  }
  const constants = await reader.read("sera", CONSTANTS_PY);
  if (constants === undefined) {
    throw new SeraBenchError(`cannot find the bash tool's texts: neither ${COMMANDS_PY} (in ${reader.describe("swe-agent")}) nor ${CONSTANTS_PY} (in ${reader.describe("sera")})`);
  }
  const prompt = pythonConstant(constants.text, SYSTEM_PROMPT_CONSTANT, constants.origin);
  const bash = parseToolsBlock(prompt, `${constants.origin}: ${SYSTEM_PROMPT_CONSTANT}`).find((tool) => (tool.function as { name?: unknown } | undefined)?.name === "bash");
  if (bash === undefined) throw new SeraBenchError(`${constants.origin}: ${SYSTEM_PROMPT_CONSTANT} declares no bash tool`);
  return { tool: toolFromFunctionJson(bash, BASH_SIGNATURE, constants.origin), file: constants };
}

function unique(files: readonly ProtocolFile[]): ProtocolFile[] {
  const seen = new Set<string>();
  return files.filter((file) => !seen.has(`${file.role}:${file.path}`) && seen.add(`${file.role}:${file.path}`) !== undefined);
}
