import type { FormatErrorCode } from "./function-call.ts";

/**
 * The requery texts of FunctionCallingParser.error_message, rendered as SWE-agent's Jinja does.
 * The "missing" (no tool call) text is a multi-line prompt of SWE-agent's; it is supplied by the
 * agent config (see extractNoToolCallMessage); this default only says the same thing in short.
 */
export const DEFAULT_NO_TOOL_CALL_MESSAGE =
  "Your last output did not contain a function call. Reply with exactly one function call (not a code block); use `submit` when you are done.";

export function formatErrorMessage(code: FormatErrorCode, message: string, noToolCallMessage: string): string {
  switch (code) {
    case "missing":
      return noToolCallMessage;
    case "multiple":
      return "Your last output included multiple tool calls!\nPlease make sure your output includes a thought and exactly _ONE_ function call.";
    case "unexpected_arg":
      return `Your action could not be parsed properly: ${message}.\nMake sure your function call doesn't include any extra arguments that are not in the allowed arguments, and only use the allowed commands.`;
    default:
      return `Your action could not be parsed properly: ${message}.\n`;
  }
}

/**
 * The rendered "missing" branch of FunctionCallingParser.error_message, taken from the text of
 * SWE-agent's sweagent/tools/parsing.py given as input (the `{%- if error_code == "missing" -%}`
 * block up to the next `{%-`), dedented and with surrounding whitespace trimmed as Jinja's `-` does.
 */
export function extractNoToolCallMessage(parsingPy: string): string {
  const start = parsingPy.indexOf('{%- if error_code == "missing" -%}');
  if (start < 0) throw new Error('parsing.py: no `{%- if error_code == "missing" -%}` block found');
  const bodyStart = start + '{%- if error_code == "missing" -%}'.length;
  const end = parsingPy.indexOf("{%-", bodyStart);
  if (end < 0) throw new Error("parsing.py: the missing-tool-call block has no end");
  const lines = parsingPy.slice(bodyStart, end).split("\n");
  const indent = Math.min(...lines.filter((line) => line.trim() !== "").map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(indent)).join("\n").trim();
}
