import { parseToolsBlock } from "./tools-block.ts";

export interface SystemTurnComparison {
  readonly equal: boolean;
  /** What differs, when something does. */
  readonly detail?: string;
}

/** The system turn of a prompt rendered by the Qwen3 chat template (between `<|im_start|>system\n` and `<|im_end|>`). */
export function renderedSystemTurn(chat: string): string | undefined {
  const start = "<|im_start|>system\n";
  if (!chat.startsWith(start)) return undefined;
  const end = chat.indexOf("<|im_end|>");
  return end < 0 ? undefined : chat.slice(start.length, end);
}

/**
 * The rendered system turn against SERA's training system prompt (constants.py): the prose around
 * the <tools> block must be equal character for character, and the tools equal as parsed JSON with
 * key order kept (the constant holds real newlines where the chat template's tojson writes `\n`).
 */
export function compareSystemTurn(rendered: string, training: string): SystemTurnComparison {
  const outside = (text: string) => text.replace(/^<tools>$[\s\S]*?^<\/tools>$/m, "<tools></tools>");
  if (outside(rendered) !== outside(training)) return { equal: false, detail: `the text around the tools differs at character ${firstDifference(outside(rendered), outside(training))}` };
  const mine = parseToolsBlock(rendered, "the rendered system turn");
  const theirs = parseToolsBlock(training, "the training system prompt");
  for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
    if (JSON.stringify(mine[i]) !== JSON.stringify(theirs[i])) return { equal: false, detail: `tool ${i + 1} differs: ${JSON.stringify(mine[i])?.slice(0, 200)} vs ${JSON.stringify(theirs[i])?.slice(0, 200)}` };
  }
  return { equal: true };
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
