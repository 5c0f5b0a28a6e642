import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { SeraBenchError } from "../../util/errors.ts";
import { optional } from "../../util/optional.ts";

/** One tool as SWE-agent's bundle config.yaml declares it (sweagent/tools/commands.py Command). */
export interface ToolArgument {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly required: boolean;
  readonly enum?: readonly string[];
  readonly items?: Readonly<Record<string, unknown>>;
  /** Jinja-like format of the value in the command line; default `{{value}}`. */
  readonly argument_format?: string;
}

export interface ToolDefinition {
  readonly name: string;
  readonly signature?: string;
  readonly docstring: string;
  readonly arguments: readonly ToolArgument[];
}

/** The OpenAI function-calling tool, as `Command.get_function_calling_tool` builds it. */
export interface FunctionTool {
  readonly type: "function";
  readonly function: {
    readonly name: string;
    readonly description: string;
    readonly parameters: { readonly type: "object"; readonly properties: Record<string, unknown>; readonly required: string[] };
  };
}

export function functionTool(tool: ToolDefinition): FunctionTool {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const arg of tool.arguments) {
    properties[arg.name] = {
      type: arg.type,
      description: arg.description,
      ...optional("items", arg.items),
      ...optional("enum", arg.enum),
    };
    if (arg.required) required.push(arg.name);
  }
  return { type: "function", function: { name: tool.name, description: tool.docstring, parameters: { type: "object", properties, required } } };
}

/** `Command.invoke_format`: the signature with `<arg>`/`[<arg>]` turned into `{arg}` slots. */
export function invokeFormat(tool: ToolDefinition): string {
  if (tool.signature !== undefined && tool.signature !== "") return tool.signature.replace(/\[?<([a-zA-Z_][a-zA-Z0-9_-]*)>\]?/g, "{$1}");
  return `${tool.name} ${tool.arguments.map((arg) => `{${arg.name}} `).join("")}`;
}

const argumentSchema = z.object({
  name: z.string(),
  type: z.string(),
  description: z.string(),
  required: z.boolean().default(false),
  enum: z.array(z.string()).optional(),
  items: z.record(z.string(), z.unknown()).optional(),
  argument_format: z.string().optional(),
});

const bundleSchema = z.object({
  tools: z.record(
    z.string(),
    z.object({ signature: z.string().optional(), docstring: z.string().nullable().default(""), arguments: z.array(argumentSchema).default([]) }),
  ),
});

/** The tools of a SWE-agent bundle `config.yaml` (text), e.g. tools/edit_anthropic/config.yaml. */
export function toolsFromBundleConfig(yamlText: string, source = "config.yaml"): ToolDefinition[] {
  const parsed = bundleSchema.safeParse(parseYaml(yamlText));
  if (!parsed.success) throw new SeraBenchError(`${source}: not a SWE-agent tool bundle config (expected tools: {name: {signature, docstring, arguments}}): ${parsed.error.message}`);
  return Object.entries(parsed.data.tools).map(([name, tool]) => ({
    name,
    docstring: tool.docstring ?? "",
    arguments: tool.arguments.map(stripUndefined),
    ...optional("signature", tool.signature),
  }));
}

function stripUndefined(arg: z.infer<typeof argumentSchema>): ToolArgument {
  return Object.fromEntries(Object.entries(arg).filter(([, value]) => value !== undefined)) as unknown as ToolArgument;
}
