import { invokeFormat, type ToolDefinition } from "./tool-definition.ts";
import { pyJsonLoads, PyJsonError } from "../../util/python/json-loads.ts";
import { pyStrip } from "../../util/python/str.ts";
import { pyJoin, pyStr, type PyValue } from "../../util/python/value.ts";
import { shlexQuote } from "../text/shlex.ts";

export interface ToolCall {
  readonly id: string;
  readonly name: string;
  /** The JSON text the model produced. */
  readonly arguments: string;
}

export type FormatErrorCode = "missing" | "multiple" | "invalid_command" | "invalid_json" | "missing_arg" | "unexpected_arg";

export type ParsedCall =
  | { readonly ok: true; readonly action: string }
  | { readonly ok: false; readonly code: FormatErrorCode; readonly message: string }
  /** What SWE-agent does not catch as a format error (it ends the run with exit_error). */
  | { readonly ok: false; readonly code: "crash"; readonly message: string };

/** FunctionCallingParser: exactly one call, known tool, JSON arguments, no missing or extra ones. */
export function parseToolCalls(calls: readonly ToolCall[], tools: readonly ToolDefinition[]): ParsedCall {
  if (calls.length !== 1) {
    const message = `Expected exactly one tool call in model response - received ${calls.length} tool calls`;
    return { ok: false, code: calls.length === 0 ? "missing" : "multiple", message };
  }
  const [call] = calls as [ToolCall];
  const tool = tools.find((candidate) => candidate.name === call.name);
  if (tool === undefined) return { ok: false, code: "invalid_command", message: `Command '${call.name}' not found in list of available commands.` };
  const values = parseArguments(call.arguments);
  if (values === undefined) return { ok: false, code: "invalid_json", message: "Tool call arguments are not valid JSON." };
  if (values.t !== "dict") return { ok: false, code: "crash", message: `'${values.t}' object has no attribute 'keys'` };
  return buildAction(tool, values.v);
}

function parseArguments(text: string): PyValue | undefined {
  try {
    return pyJsonLoads(text);
  } catch (error) {
    if (error instanceof PyJsonError) return undefined;
    throw error;
  }
}

function buildAction(tool: ToolDefinition, values: ReadonlyMap<string, PyValue>): ParsedCall {
  const missing = tool.arguments.filter((arg) => arg.required && !values.has(arg.name)).map((arg) => arg.name);
  if (missing.length > 0) return { ok: false, code: "missing_arg", message: `Required argument(s) missing: ${missing.join(", ")}` };
  const extra = [...values.keys()].filter((key) => !tool.arguments.some((arg) => arg.name === key));
  if (extra.length > 0) return { ok: false, code: "unexpected_arg", message: `Unexpected argument(s): ${extra.join(", ")}` };
  try {
    const slots = new Map(tool.arguments.map((arg) => [arg.name, renderArgument(tool, arg.argument_format ?? "{{value}}", values.get(arg.name))]));
    const action = invokeFormat(tool).replace(/\{([a-zA-Z_][a-zA-Z0-9_-]*)\}/g, (whole, name: string) => slots.get(name) ?? whole);
    return { ok: true, action: pyStrip(action) };
  } catch (error) {
    return { ok: false, code: "crash", message: String(error instanceof Error ? error.message : error) };
  }
}

/** `Template(arg.argument_format).render(value=get_quoted_arg(value))`; absent arguments render "". */
function renderArgument(tool: ToolDefinition, format: string, value: PyValue | undefined): string {
  if (value === undefined) return "";
  const quoted: PyValue = value.t === "none" ? { t: "str", v: "" } : value.t === "str" && tool.name !== "bash" ? { t: "str", v: shlexQuote(value.v) } : value;
  return format.replace(/\{\{\s*value(\|join\((['"])(.*?)\2\))?\s*\}\}/g, (_whole, join: string | undefined, _q: string, separator: string) =>
    join === undefined ? pyStr(quoted) : pyJoin(quoted, separator),
  );
}
