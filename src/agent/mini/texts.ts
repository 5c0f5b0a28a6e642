import type { Instance } from "../../dataset/row.ts";
import type { SystemMessage, UserMessage } from "../../model/types.ts";
import type { MiniProtocol } from "../../protocol/mini/protocol.ts";
import { renderJinja } from "../../protocol/mini/template.ts";

/** What a command gave, as mini's templates name it (`output.output`, `output.returncode`, v2 `output.exception_info`). */
export interface MiniOutput {
  readonly output: string;
  readonly returncode: number;
  readonly exception_info?: string;
}

/** The values mini merges into every render: the configs, the model's counters, the task. */
function baseVars(p: MiniProtocol, instance: Instance, counters: MiniCounters): Record<string, unknown> {
  return { ...p.templateVars, n_model_calls: counters.calls, model_cost: counters.cost, task: instance.problem_statement };
}

export interface MiniCounters {
  readonly calls: number;
  readonly cost: number;
}

const START: MiniCounters = { calls: 0, cost: 0 };

/** The system and instance messages, as mini's agent renders them before the first query. */
export function miniFirstMessages(p: MiniProtocol, instance: Instance): [SystemMessage, UserMessage] {
  const vars = baseVars(p, instance, START);
  return [
    { role: "system", content: renderJinja(p.templates.system, vars, "system_template") },
    { role: "user", content: renderJinja(p.templates.instance, vars, "instance_template") },
  ];
}

/** The observation of one command (v1: `output` carries the action too). */
export function renderObservation(p: MiniProtocol, instance: Instance, counters: MiniCounters, output: MiniOutput, action: string): string {
  const value = p.major === "1" ? { output: output.output, returncode: output.returncode, action } : { output: output.output, returncode: output.returncode, exception_info: output.exception_info ?? "" };
  return renderJinja(p.templates.observation, { ...baseVars(p, instance, counters), output: value }, "observation template");
}

/** v1: a reply without exactly one action; `actions` are the blocks found. */
export function renderFormatErrorV1(p: MiniProtocol, instance: Instance, counters: MiniCounters, actions: readonly string[]): string {
  return renderJinja(p.templates.formatError, { ...baseVars(p, instance, counters), actions: [...actions] }, "format_error_template");
}

/** v2: a reply whose tool calls cannot be run (rendered with the parser's values only, as mini does). */
export function renderFormatErrorV2(p: MiniProtocol, error: string, hasToolCalls: boolean, finishReason: string): string {
  return renderJinja(p.templates.formatError, { error, actions: [], has_tool_calls: hasToolCalls, finish_reason: finishReason }, "format_error_template");
}

/** v1: a command that ran past the time-out (`output`: what it printed until then). */
export function renderTimeoutV1(p: MiniProtocol, instance: Instance, counters: MiniCounters, command: string, output: string, reply: string): string {
  const template = p.templates.timeout ?? "";
  return renderJinja(template, { ...baseVars(p, instance, counters), action: { action: command, content: reply }, output }, "timeout_template");
}
