import { lex, UnsupportedSyntax, type Token } from "./split-lexer.ts";
import { pyStrip, pySplitlines } from "../../util/python/str.ts";

export type SplitResult = { readonly kind: "split"; readonly commands: readonly string[] } | { readonly kind: "unsupported"; readonly reason: string };

const CONTINUATION_OPS = new Set(["&&", "||", "|", "|&"]);
const UNSUPPORTED_WORDS = new Set(["time", "select", "coproc", "[[", "(("]);
const OPENERS: Readonly<Record<string, string>> = { if: "fi", for: "done", while: "done", until: "done", case: "esac", "{": "}" };
/** Reserved words after which the next word is again in command position. */
const COMMAND_STARTERS = new Set(["then", "else", "elif", "do", "!", "{", "if", "while", "until"]);

/**
 * SWE-ReX `_split_bash_command`: the stripped input split into top-level commands, each the text
 * from its first token to its last (comments dropped; a here-document body kept only when bashlex
 * keeps it, see split-lexer.ts). Empty or comment-only input gives no commands.
 */
export function splitBashCommand(command: string): SplitResult {
  const input = pyStrip(command);
  if (input === "" || pySplitlines(input).every((line) => pyStrip(line).startsWith("#"))) return { kind: "split", commands: [] };
  try {
    return { kind: "split", commands: topLevelRanges(lex(input)).map(([start, end]) => input.slice(start, end)) };
  } catch (error) {
    if (error instanceof UnsupportedSyntax) return { kind: "unsupported", reason: error.message };
    throw error;
  }
}

function topLevelRanges(tokens: readonly Token[]): [number, number][] {
  const ranges: [number, number][] = [];
  const state = new NestingState();
  let current: [number, number] | undefined;
  let previous: Token | undefined;
  for (const token of tokens) {
    const boundary = token.kind === "newline" && state.depth === 0 && !(previous?.kind === "op" && CONTINUATION_OPS.has(previous.text));
    if (boundary && current !== undefined) {
      ranges.push(current);
      current = undefined;
    }
    state.feed(token);
    if (token.kind !== "newline") {
      current = current === undefined ? [token.start, token.end] : [current[0], Math.max(current[1], token.end)];
      previous = token;
    } else if (boundary) previous = undefined;
  }
  if (current !== undefined) ranges.push(current);
  if (state.depth !== 0) throw new UnsupportedSyntax("unbalanced compound command");
  if (ranges.some(([start, end]) => end - start === 1 && tokens.some((t) => t.start === start && t.text === "!"))) throw new UnsupportedSyntax("! without a command");
  return ranges;
}

/** Tracks compound commands (if/for/while/until/case/{ }/( )) opened at command position. */
class NestingState {
  private readonly stack: string[] = [];
  private commandPosition = true;
  private casePattern = false;
  private pendingCaseIn = false;
  private forHeader = false;
  private functionName = false;
  private functionParens = false;
  private functionHeader = false;

  get depth(): number {
    return this.stack.length;
  }

  feed(token: Token): void {
    if (token.kind === "word") this.word(token.text);
    else if (token.kind === "op") this.operator(token.text);
    else this.newline();
  }

  private newline(): void {
    if (this.casePattern) return;
    this.commandPosition = true;
    this.forHeader = false;
  }

  private operator(op: string): void {
    if (this.casePattern) {
      if (op === ")") [this.casePattern, this.commandPosition] = [false, true];
      return;
    }
    if (op === ";;" || op === ";&" || op === ";;&") this.caseSeparator();
    else if (op === "(") this.openParen();
    else if (op === ")") this.closeParen();
    else this.commandPosition = SEPARATORS.has(op);
    if (op === ";" || op === "&") this.forHeader = false;
  }

  private caseSeparator(): void {
    if (this.stack.at(-1) !== "esac") throw new UnsupportedSyntax(";; outside case");
    [this.casePattern, this.commandPosition] = [true, false];
  }

  private openParen(): void {
    if (this.commandPosition) this.stack.push(")");
    else this.functionParens = true;
    this.commandPosition = true;
  }

  private closeParen(): void {
    if (this.functionParens) {
      this.functionParens = false;
      this.commandPosition = true;
      return;
    }
    if (this.stack.at(-1) !== ")") throw new UnsupportedSyntax("unexpected )");
    this.stack.pop();
    this.commandPosition = false;
  }

  private word(word: string): void {
    if (this.casePattern) return void (word === "esac" && this.close(word));
    if (this.functionName) return void ([this.functionName, this.functionHeader, this.commandPosition] = [false, true, false]);
    if (this.functionHeader) [this.functionHeader, this.commandPosition] = [false, this.commandPosition || word === "{"];
    if (this.pendingCaseIn && word === "in") return void ([this.pendingCaseIn, this.casePattern] = [false, true]);
    if (this.forHeader && word !== "do") return;
    if (!this.commandPosition) return;
    if (UNSUPPORTED_WORDS.has(word)) throw new UnsupportedSyntax(`${word} is not supported by bashlex`);
    const closer = OPENERS[word];
    if (closer !== undefined) this.stack.push(closer);
    if (CLOSERS.has(word)) this.close(word);
    this.pendingCaseIn = word === "case";
    this.forHeader = word === "for";
    this.functionName = word === "function";
    this.commandPosition = COMMAND_STARTERS.has(word);
  }

  private close(word: string): void {
    if (this.stack.at(-1) !== word) throw new UnsupportedSyntax(`unexpected ${word}`);
    this.stack.pop();
    this.casePattern = false;
    this.commandPosition = false;
  }
}

const SEPARATORS = new Set([";", "&", "&&", "||", "|", "|&"]);
const CLOSERS = new Set(["fi", "done", "esac", "}"]);
