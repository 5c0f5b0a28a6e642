import type { ToolArgument, ToolDefinition } from "../tools/parse/tool-definition.ts";
import { SeraBenchError } from "../util/errors.ts";
import { optional } from "../util/optional.ts";

/**
 * The function signatures inside a Hermes system prompt's `<tools>...</tools>` block, one JSON
 * object after another. SERA's constants.py writes them inside a Python string whose `\n` escapes
 * became real newlines, so control characters inside JSON strings are accepted here (as Python's
 * json.loads(strict=False) does). Key order is kept.
 */
export function parseToolsBlock(prompt: string, where: string): Record<string, unknown>[] {
  // The block's tags stand on lines of their own (the prose before it mentions "<tools></tools>").
  const start = /^<tools>$/m.exec(prompt);
  const end = start === null ? null : /^<\/tools>$/m.exec(prompt.slice(start.index));
  if (start === null || end === null) throw new SeraBenchError(`${where}: no <tools>...</tools> block`);
  const block = prompt.slice(start.index + "<tools>".length, start.index + end.index);
  const objects: Record<string, unknown>[] = [];
  let depth = 0;
  let inString = false;
  let objectStart = -1;
  for (let i = 0; i < block.length; i++) {
    const char = block[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "{") {
      if (depth === 0) objectStart = i;
      depth++;
    } else if (char === "}" && --depth === 0) {
      objects.push(parseLenient(block.slice(objectStart, i + 1), where));
    }
  }
  if (depth !== 0 || inString) throw new SeraBenchError(`${where}: the <tools> block ends inside a JSON object`);
  return objects;
}

/** JSON.parse, with raw control characters inside strings taken as their escapes. */
export function parseLenient(text: string, where: string): Record<string, unknown> {
  let escaped = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? "";
    if (inString && char === "\\") {
      escaped += char + (text[i + 1] ?? "");
      i++;
      continue;
    }
    if (char === '"') inString = !inString;
    const code = char.charCodeAt(0);
    escaped += inString && code < 0x20 ? `\\u${code.toString(16).padStart(4, "0")}` : char;
  }
  try {
    return JSON.parse(escaped) as Record<string, unknown>;
  } catch (error) {
    throw new SeraBenchError(`${where}: a tool in the <tools> block is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

interface FunctionJson {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly parameters?: { readonly properties?: Record<string, Record<string, unknown>>; readonly required?: unknown };
}

/** One tool of the block as a ToolDefinition (how SWE-agent's Command would declare it). */
export function toolFromFunctionJson(tool: Record<string, unknown>, signature: string | undefined, where: string): ToolDefinition {
  const fn = (tool.function ?? {}) as FunctionJson;
  if (typeof fn.name !== "string" || typeof fn.description !== "string") throw new SeraBenchError(`${where}: a tool without a function name and description`);
  const required = Array.isArray(fn.parameters?.required) ? (fn.parameters.required as unknown[]) : [];
  const args = Object.entries(fn.parameters?.properties ?? {}).map(([name, schema]): ToolArgument => ({
    name,
    type: String(schema.type),
    description: String(schema.description ?? ""),
    required: required.includes(name),
    ...(Array.isArray(schema.enum) ? { enum: schema.enum.map(String) } : {}),
    ...(typeof schema.items === "object" && schema.items !== null ? { items: schema.items as Record<string, unknown> } : {}),
  }));
  return { name: fn.name, docstring: fn.description, arguments: args, ...optional("signature", signature) };
}
