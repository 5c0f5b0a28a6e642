import { SeraBenchError } from "../../util/errors.ts";

/**
 * A small bash lexer for splitting a model's command into top-level commands the way SWE-ReX's
 * bashlex-based `_split_bash_command` does. It knows quotes, escapes, `$( )`, backticks, `${ }`,
 * comments, line continuations and here-documents. Constructs bashlex cannot parse throw
 * UnsupportedSyntax, which sends the caller to SWE-ReX's fallback (send as is + end marker).
 */
export class UnsupportedSyntax extends SeraBenchError {
  override readonly name = "UnsupportedSyntax";
}

export interface Token {
  readonly kind: "word" | "op" | "newline";
  readonly text: string;
  readonly start: number;
  /** End (exclusive) in the input; for a here-document redirect that bashlex extends, the body's end. */
  end: number;
}

const OPERATORS = [";;&", ";;", ";&", "&&", "&>>", "&>", "||", "|&", "<<<", "<<-", "<<", "<&", "<>", ">>", ">&", ">|", ";", "&", "|", "<", ">", "(", ")"];
const METACHARS = new Set([" ", "\t", "\n", ";", "&", "|", "<", ">", "(", ")"]);

interface PendingHeredoc {
  readonly delimiter: string;
  readonly stripTabs: boolean;
  readonly word: Token;
}

export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  const heredocs: PendingHeredoc[] = [];
  let i = 0;
  let expectDelimiter: { stripTabs: boolean } | undefined;
  while (i < input.length) {
    const c = input[i] ?? "";
    if (c === " " || c === "\t") i++;
    else if (c === "\\" && input[i + 1] === "\n") i += 2;
    else if (c === "#") i = skipComment(input, i);
    else if (c === "\n") {
      tokens.push({ kind: "newline", text: "\n", start: i, end: i + 1 });
      i = readHeredocBodies(input, i + 1, heredocs.splice(0));
    } else {
      if (input.startsWith("((", i)) throw new UnsupportedSyntax("(( arithmetic");
      const op = METACHARS.has(c) && !isProcessSubstitution(input, i) ? OPERATORS.find((o) => input.startsWith(o, i)) : undefined;
      if (op !== undefined) {
        tokens.push({ kind: "op", text: op, start: i, end: i + op.length });
        if (op === "<<" || op === "<<-") expectDelimiter = { stripTabs: op === "<<-" };
        i += op.length;
        continue;
      }
      const end = readWord(input, i);
      const word: Token = { kind: "word", text: input.slice(i, end), start: i, end };
      tokens.push(word);
      if (expectDelimiter !== undefined) heredocs.push({ delimiter: delimiterOf(word.text), stripTabs: expectDelimiter.stripTabs, word });
      expectDelimiter = undefined;
      i = end;
    }
  }
  if (heredocs.length > 0) throw new UnsupportedSyntax("here-document without a body");
  return tokens;
}

function isProcessSubstitution(input: string, i: number): boolean {
  return (input[i] === "<" || input[i] === ">") && input[i + 1] === "(";
}

function skipComment(input: string, i: number): number {
  const newline = input.indexOf("\n", i);
  return newline < 0 ? input.length : newline;
}

function delimiterOf(word: string): string {
  if (/['"\\]/.test(word)) throw new UnsupportedSyntax(`quoted here-document delimiter ${word}`);
  return word;
}

/**
 * Reads the bodies of the here-documents opened on the line that just ended. bashlex extends a
 * redirect to the end of its body only when the body starts right after the delimiter word.
 */
function readHeredocBodies(input: string, bodyStart: number, pending: PendingHeredoc[]): number {
  let i = bodyStart;
  for (const heredoc of pending) {
    const start = i;
    for (;;) {
      if (i >= input.length) throw new UnsupportedSyntax(`here-document delimited by end-of-file (wanted ${heredoc.delimiter})`);
      const newline = input.indexOf("\n", i);
      const lineEnd = newline < 0 ? input.length : newline;
      let line = input.slice(i, lineEnd);
      if (heredoc.stripTabs) line = line.replace(/^\t+/, "");
      i = lineEnd + 1;
      if (line === heredoc.delimiter) {
        if (heredoc.word.end + 1 === start) heredoc.word.end = lineEnd;
        break;
      }
    }
  }
  return i;
}

function readWord(input: string, start: number): number {
  let i = start;
  while (i < input.length) {
    const c = input[i] ?? "";
    if (METACHARS.has(c) && !(isProcessSubstitution(input, i) && i === start)) {
      if (c === "(" && i > start && input[i - 1] === "=") throw new UnsupportedSyntax("array assignment");
      break;
    }
    i = skipWordPart(input, i);
  }
  return i;
}

/** Skips one character or one quoted/substituted part of a word; returns the index after it. */
function skipWordPart(input: string, i: number): number {
  const c = input[i];
  const next = input[i + 1];
  if (c === "\\") return i + 2;
  if (c === "'") return closing(input, i + 1, "'");
  if (c === '"') return skipDoubleQuoted(input, i + 1);
  if (c === "`") return skipBackquoted(input, i + 1);
  if ((c === "<" || c === ">") && next === "(") return skipParens(input, i + 2);
  if (c !== "$") return i + 1;
  if (next === "'") return skipAnsiC(input, i + 2);
  if (next === '"') return skipDoubleQuoted(input, i + 2);
  if (next === "[") throw new UnsupportedSyntax("$[ arithmetic");
  if (next === "(" && input[i + 2] === "(") throw new UnsupportedSyntax("$(( arithmetic");
  if (next === "(") return checkedSubstitution(input, i + 2);
  if (next === "{") return skipBraces(input, i + 2);
  return i + 1;
}

function closing(input: string, from: number, quote: string): number {
  const end = input.indexOf(quote, from);
  if (end < 0) throw new UnsupportedSyntax(`unterminated ${quote}`);
  return end + 1;
}

/** To the closing `quote`, a backslash escaping the next character (`$'...'` and backquotes). */
function skipEscaped(input: string, i: number, quote: string, opening: string): number {
  while (i < input.length && input[i] !== quote) i += input[i] === "\\" ? 2 : 1;
  if (i >= input.length) throw new UnsupportedSyntax(`unterminated ${opening}`);
  return i + 1;
}

function skipAnsiC(input: string, i: number): number {
  return skipEscaped(input, i, "'", "$'");
}

function skipDoubleQuoted(input: string, i: number): number {
  while (i < input.length && input[i] !== '"') {
    const c = input[i];
    if (c === "\\") i += 2;
    else if (c === "`") i = skipBackquoted(input, i + 1);
    else if (c === "$") i = skipWordPart(input, i);
    else i++;
  }
  if (i >= input.length) throw new UnsupportedSyntax('unterminated "');
  return i + 1;
}

function skipBackquoted(input: string, i: number): number {
  return skipEscaped(input, i, "`", "`");
}

/** bashlex parses `$( … )` again and cannot handle `&&`, `||` or `&` in there. */
function checkedSubstitution(input: string, from: number): number {
  const end = skipParens(input, from);
  const inner = lex(input.slice(from, end - 1));
  const bad = inner.find((token) => token.kind === "op" && (token.text === "&&" || token.text === "||" || token.text === "&"));
  if (bad !== undefined) throw new UnsupportedSyntax(`${bad.text} inside $( )`);
  return end;
}

/** Inside `$( … )`: nested parentheses, quotes and comments; `case` patterns are not supported. */
function skipParens(input: string, i: number): number {
  let depth = 1;
  while (i < input.length) {
    const c = input[i] ?? "";
    if (c === ")" && --depth === 0) return i + 1;
    if (c === "(") depth++;
    i = c === "(" || c === ")" ? i + 1 : skipWordPart(input, i);
  }
  throw new UnsupportedSyntax("unterminated $(");
}

function skipBraces(input: string, i: number): number {
  while (i < input.length && input[i] !== "}") i = skipWordPart(input, i);
  if (i >= input.length) throw new UnsupportedSyntax("unterminated ${");
  return i + 1;
}
