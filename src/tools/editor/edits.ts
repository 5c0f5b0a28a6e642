import { pyExpandtabs, pySplitlines } from "../../util/python/str.ts";
import { fromJs, pyRepr } from "../../util/python/value.ts";
import { makeOutput } from "./format.ts";

const SNIPPET_LINES = 4;

export type EditResult = { readonly ok: true; readonly content: string; readonly message: string } | { readonly ok: false; readonly code: number; readonly message: string };

/** str_replace: everything tab-expanded; exactly one occurrence; snippet of the edited region. */
export function strReplace(fileContent: string, oldRaw: string, newRaw: string | undefined, path: string): EditResult {
  const content = pyExpandtabs(fileContent);
  const oldStr = pyExpandtabs(oldRaw);
  const newStr = newRaw === undefined ? "" : pyExpandtabs(newRaw);
  const occurrences = countOccurrences(content, oldStr);
  if (occurrences === 0) return { ok: false, code: 15, message: `No replacement was performed, old_str \`${oldStr}\` did not appear verbatim in ${path}.` };
  if (occurrences > 1) {
    const lines = content
      .split("\n")
      .flatMap((line, index) => (line.includes(oldStr) ? [index + 1] : []));
    return { ok: false, code: 16, message: `No replacement was performed. Multiple occurrences of old_str \`${oldStr}\` in lines ${pyRepr(fromJs(lines))}. Please ensure it is unique` };
  }
  if (newStr === oldStr) return { ok: false, code: 161, message: `No replacement was performed, old_str \`${oldStr}\` is the same as new_str \`${newStr}\`.` };
  const newContent = content.replace(oldStr, () => newStr);
  const replacementLine = (content.split(oldStr)[0] ?? "").split("\n").length - 1;
  const start = Math.max(1, replacementLine - SNIPPET_LINES);
  const end = Math.min(replacementLine + SNIPPET_LINES + (newStr.split("\n").length - 1), pySplitlines(newContent).length);
  const snippet = newContent.split("\n").slice(start - 1, end).join("\n");
  const message =
    `The file ${path} has been edited. ` + makeOutput(snippet, `a snippet of ${path}`, start) + "Review the changes and make sure they are as expected. Edit the file again if necessary.";
  return { ok: true, content: newContent, message };
}

/** insert: new_str lines after line `line` (0 = top); the message's {path} is filled by the caller. */
export function insertText(fileText: string, line: number, newRaw: string): EditResult {
  const text = pyExpandtabs(fileText);
  const newStr = pyExpandtabs(newRaw);
  const lines = text.split("\n");
  if (line < 0 || line > lines.length) {
    return { ok: false, code: 17, message: `Invalid \`insert_line\` parameter: ${line}. It should be within the range of lines of the file: ${pyRepr(fromJs([0, lines.length]))}` };
  }
  const newLines = newStr.split("\n");
  const content = [...lines.slice(0, line), ...newLines, ...lines.slice(line)].join("\n");
  const snippet = [...lines.slice(Math.max(0, line - SNIPPET_LINES), line), ...newLines, ...lines.slice(line, line + SNIPPET_LINES)].join("\n");
  const message =
    "The file {path} has been edited. " +
    makeOutput(snippet, "a snippet of the edited file", Math.max(1, line - SNIPPET_LINES + 1)) +
    "Review the changes and make sure they are as expected (correct indentation, no duplicate lines, etc). Edit the file again if necessary.";
  return { ok: true, content, message };
}

/** Python str.count: non-overlapping; an empty needle counts len+1 positions. */
function countOccurrences(haystack: string, needle: string): number {
  if (needle === "") return [...haystack].length + 1;
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}
