import { Template } from "@huggingface/jinja";
import type { FormatErrorCode } from "./function-call.ts";
import { SeraBenchError } from "../../util/errors.ts";

/**
 * The parser's re-query message: a Jinja template rendered with `error_code` and
 * `exception_message`, as SWE-agent renders FunctionCallingParser.error_message (SERA's protocol
 * loads that template from parsing.py). This default is sera-bench's own wording, for configs of
 * our own format that do not give one.
 */
export const DEFAULT_FORMAT_ERROR_TEMPLATE = [
  '{%- if error_code == "missing" -%}',
  "Your reply contained no function call. Reply with exactly one function call (a tool call, not a code block); call `submit` when you are done.",
  '{%- elif error_code == "multiple" -%}',
  "Your reply contained more than one function call. Reply with your reasoning and exactly one function call.",
  "{%- else -%}",
  "The function call could not be used: {{exception_message}}.",
  "{%- endif -%}",
].join("\n");

const compiled = new Map<string, Template>();

export function formatErrorMessage(template: string, code: FormatErrorCode, message: string): string {
  let jinja = compiled.get(template);
  if (jinja === undefined) {
    jinja = new Template(template);
    compiled.set(template, jinja);
  }
  return jinja.render({ error_code: code, exception_message: message });
}

/** A template that does not compile is refused when the config is loaded, not at the first re-query. */
export function checkFormatErrorTemplate(template: string, where: string): void {
  try {
    formatErrorMessage(template, "missing", "");
  } catch (error) {
    throw new SeraBenchError(`${where}: the parser's re-query template is not valid Jinja: ${error instanceof Error ? error.message : String(error)}`);
  }
}
