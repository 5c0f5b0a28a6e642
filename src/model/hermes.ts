/**
 * Hermes-format tool calls written in the assistant text (Qwen3 / SERA training format):
 *   <tool_call>
 *   {"name": "bash", "arguments": {"command": "ls"}}
 *   </tool_call>
 * Used when the server returned no native tool_calls (e.g. vLLM without --tool-call-parser, or a
 * call vLLM's parser rejected). Pure.
 */
import { randomUUID } from "node:crypto";
import type { MalformedToolCall, ToolCall } from "./types.ts";

const OPEN = "<tool_call>";
const CLOSE = "</tool_call>";

export type HermesParse = { content: string; toolCalls: ToolCall[]; malformed: MalformedToolCall[] };

export function newToolCallId(): string {
  return `call_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
}

/** Splits the text into the prose outside the blocks and the blocks' bodies (an unclosed last block runs to the end). */
function splitBlocks(text: string): { prose: string[]; blocks: { body: string; closed: boolean }[] } {
  const prose: string[] = [];
  const blocks: { body: string; closed: boolean }[] = [];
  let rest = text;
  for (let start = rest.indexOf(OPEN); start !== -1; start = rest.indexOf(OPEN)) {
    prose.push(rest.slice(0, start));
    const afterOpen = rest.slice(start + OPEN.length);
    const end = afterOpen.indexOf(CLOSE);
    if (end === -1) {
      blocks.push({ body: afterOpen, closed: false });
      rest = "";
      break;
    }
    blocks.push({ body: afterOpen.slice(0, end), closed: true });
    rest = afterOpen.slice(end + CLOSE.length);
  }
  prose.push(rest);
  return { prose, blocks };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One block body -> a tool call, or the reason it is not one. */
export function parseHermesBlock(body: string, closed: boolean): ToolCall | MalformedToolCall {
  const raw = `${OPEN}${body}${closed ? CLOSE : ""}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const why = closed ? "is not valid JSON" : "is not closed by </tool_call> and is not valid JSON (cut off?)";
    return { raw, reason: `tool call body ${why}: ${(error as Error).message}` };
  }
  if (!isRecord(parsed) || typeof parsed.name !== "string" || parsed.name === "") {
    return { raw, reason: 'tool call JSON must be an object with a non-empty string "name"' };
  }
  const args = parsed.arguments ?? {};
  if (typeof args !== "string" && !isRecord(args)) {
    return { raw, reason: 'tool call "arguments" must be a JSON object' };
  }
  return { id: newToolCallId(), name: parsed.name, arguments: typeof args === "string" ? args : JSON.stringify(args) };
}

export function hasHermesBlock(text: string): boolean {
  return text.includes(OPEN);
}

/** Extracts every block; the content keeps only the prose around them (trimmed). */
export function parseHermesToolCalls(text: string): HermesParse {
  const { prose, blocks } = splitBlocks(text);
  const toolCalls: ToolCall[] = [];
  const malformed: MalformedToolCall[] = [];
  for (const block of blocks) {
    const result = parseHermesBlock(block.body, block.closed);
    if ("reason" in result) malformed.push(result);
    else toolCalls.push(result);
  }
  return { content: prose.join("").trim(), toolCalls, malformed };
}
