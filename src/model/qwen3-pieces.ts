/**
 * Qwen3's chat template, one message at a time. The full render (chat-template.ts) is the reference;
 * this renders the same text as pieces so that a growing conversation can be counted without
 * rendering and tokenizing all of it at every step:
 *   head (the system turn with the <tools> block) | one piece per message | generation prompt.
 * A message's piece depends on the message and on a few facts about where it stands (its `shape`):
 * an assistant turn after the last user query keeps its <think> block, a tool result opens or closes
 * the user turn that wraps a run of tool results. When the shape changes the piece is re-rendered.
 *
 * Why pieces can be counted one by one (the sum equals the count of the whole text): every piece
 * boundary sits next to an added token of the tokenizer (a piece starts with <|im_start|>, or ends
 * with </tool_response> inside a run of tool results), and the tokenizer splits added tokens out
 * before anything else, so no token spans a boundary. test/tokens-incremental.test.ts checks both
 * the text and the sum against the full render on generated conversations.
 */
import type { WireMessage } from "./wire.ts";

/** Where a message stands in the conversation, as far as its rendering is concerned. */
export type PieceShape = "plain" | "assistant-early" | "assistant-late" | "assistant-late-last" | `tool-${"open" | "inner"}-${"close" | "open-end"}`;

const START = "<|im_start|>";
const END = "<|im_end|>\n";

function isToolResponseText(content: string): boolean {
  return content.startsWith("<tool_response>") && content.endsWith("</tool_response>");
}

/** The index of the last user message that is a query (not a wrapped tool response); the last index if none. */
export function lastQueryIndex(messages: readonly { role: string; content: string }[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === "user" && !isToolResponseText(m.content)) return i;
  }
  return messages.length - 1;
}

/** The shape of message `i` of `messages` (roles and contents as sent), `lastQuery` from lastQueryIndex. */
export function pieceShape(messages: readonly { role: string }[], i: number, lastQuery: number): PieceShape {
  const role = messages[i]!.role;
  const last = i === messages.length - 1;
  if (role === "assistant") {
    if (i <= lastQuery) return "assistant-early";
    return last ? "assistant-late-last" : "assistant-late";
  }
  if (role !== "tool") return "plain";
  const opens = i === 0 || messages[i - 1]!.role !== "tool";
  const closes = last || messages[i + 1]!.role !== "tool";
  return `tool-${opens ? "open" : "inner"}-${closes ? "close" : "open-end"}`;
}

/**
 * The template strips newlines (`lstrip('\n')`, ...); @huggingface/jinja, which renders it for the
 * full count, ignores the argument and strips all whitespace, so the pieces do the same.
 * (Python's Jinja2 in vLLM strips newlines only: the two differ when such text starts or ends with
 * spaces or tabs.)
 */
const stripLeft = (text: string) => text.trimStart();
const stripRight = (text: string) => text.trimEnd();

/** Content and reasoning as the template separates them (a reasoning field wins over <think> in the content). */
function splitReasoning(message: Extract<WireMessage, { role: "assistant" }>): { content: string; reasoning: string } {
  if (message.reasoning_content !== undefined) return { content: message.content, reasoning: message.reasoning_content };
  if (!message.content.includes("</think>")) return { content: message.content, reasoning: "" };
  const parts = message.content.split("</think>");
  return { content: stripLeft(parts.at(-1)!), reasoning: stripLeft(stripRight(parts[0]!).split("<think>").at(-1)!) };
}

/** `arguments` as the template receives them (already re-dumped the way vLLM does, see chat-template.ts). */
function assistantPiece(message: Extract<WireMessage, { role: "assistant" }>, shape: PieceShape): string {
  const { content, reasoning } = splitReasoning(message);
  const thinks = shape === "assistant-late-last" || (shape === "assistant-late" && reasoning !== "");
  let text = thinks ? `${START}assistant\n<think>\n${stripRight(stripLeft(reasoning))}\n</think>\n\n${stripLeft(content)}` : `${START}assistant\n${content}`;
  (message.tool_calls ?? []).forEach((call, k) => {
    if (k > 0 || content !== "") text += "\n";
    text += `<tool_call>\n{"name": "${call.function.name}", "arguments": ${call.function.arguments}}\n</tool_call>`;
  });
  return `${text}${END}`;
}

/** The text message `message` renders to in the given shape (the first system message belongs to the head instead). */
export function renderPiece(message: WireMessage, shape: PieceShape): string {
  switch (message.role) {
    case "assistant":
      return assistantPiece(message, shape);
    case "tool": {
      const open = shape.startsWith("tool-open") ? `${START}user` : "";
      const close = shape.endsWith("-close") ? END : "";
      return `${open}\n<tool_response>\n${message.content}\n</tool_response>${close}`;
    }
    default:
      return `${START}${message.role}\n${message.content}${END}`;
  }
}
