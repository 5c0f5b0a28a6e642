/**
 * Small conversations that take every branch of Qwen3's template: a piece-wise count is used only
 * if the pieces put together give the template's own text on each of them (piece-counter.ts).
 */
import type { ChatMessage, ToolSchema } from "./types.ts";

export const PROBE_TOOLS: readonly ToolSchema[] = [
  { type: "function", function: { name: "probe", description: "A probe tool.", parameters: { type: "object", properties: { x: { type: "string" } } } } },
];

const call = (id: string, args: string) => ({ id, name: "probe", arguments: args });

const agentTurns: ChatMessage[] = [
  { role: "assistant", content: "", tool_calls: [call("a", '{"x": "1"}')] },
  { role: "tool", content: "one", tool_call_id: "a" },
  { role: "assistant", content: "<think>\nhm\n</think>\n\nTwo calls.", tool_calls: [call("b", "{}"), call("c", "")] },
  { role: "tool", content: "two", tool_call_id: "b" },
  { role: "tool", content: "three", tool_call_id: "c" },
  { role: "assistant", content: "Plain.", reasoning: "thought", tool_calls: [call("d", '{"x":"é"}')] },
  { role: "tool", content: "", tool_call_id: "d" },
];

export const PROBE_CONVERSATIONS: readonly (readonly ChatMessage[])[] = [
  [{ role: "system", content: "Probe system." }, { role: "user", content: "Probe task." }, ...agentTurns],
  [{ role: "system", content: "S" }, { role: "user", content: "Q1" }, ...agentTurns, { role: "user", content: "Q2" }, { role: "assistant", content: "<think>x</think>end" }],
  [{ role: "user", content: "<tool_response>not a query</tool_response>" }, ...agentTurns, { role: "system", content: "late system" }],
  [{ role: "tool", content: "first", tool_call_id: "z" }, { role: "assistant", content: "last", reasoning: "" }],
];
