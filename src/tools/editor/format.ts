import { pyExpandtabs, pyHead, pyLen, pyPad6 } from "../../util/python/str.ts";

export const MAX_RESPONSE_LEN = 16000;
export const TRUNCATED_MESSAGE =
  "<response clipped><NOTE>To save on context only part of this file has been shown to you. You should retry this tool after you have searched inside the file with `grep -n` in order to find the line numbers of what you are looking for.</NOTE>";

/** maybe_truncate: cut at 16000 code points and append the note. */
export function maybeTruncate(content: string): string {
  return pyLen(content) <= MAX_RESPONSE_LEN ? content : pyHead(content, MAX_RESPONSE_LEN) + TRUNCATED_MESSAGE;
}

/** _make_output: truncate, expand tabs, number each line from initLine ("{:6}\t{}"). */
export function makeOutput(content: string, descriptor: string, initLine = 1): string {
  const text = pyExpandtabs(maybeTruncate(content));
  const numbered = text
    .split("\n")
    .map((line, index) => `${pyPad6(index + initLine)}\t${line}`)
    .join("\n");
  return `Here's the result of running \`cat -n\` on ${descriptor}:\n${numbered}\n`;
}
