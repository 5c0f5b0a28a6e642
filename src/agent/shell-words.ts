/**
 * A rough reading of a bash command line for the leak-attempt scan: simple commands and their words,
 * quotes removed, shell variables and aliases set earlier on the same line expanded. Not a shell:
 * no globbing, no command substitution (`$(...)` and backticks only split commands), no arithmetic,
 * here-documents are read as ordinary lines. Good enough to see the words an agent meant to run.
 */

export interface ShellReading {
  /** Simple commands in order (split at `;`, `&`, `&&`, `|`, `||`, newlines, parentheses, backticks outside quotes). */
  readonly commands: readonly (readonly string[])[];
  /** The text of every quoted string (single or double quotes), for a second reading of embedded code. */
  readonly quoted: readonly string[];
}

const SEPARATORS = new Set([";", "&", "|", "\n", "(", ")", "`"]);

/** Splits `text` into simple commands of words; see the module comment for what it does not do. */
export function readShell(text: string): ShellReading {
  const commands: string[][] = [];
  const quoted: string[] = [];
  let words: string[] = [];
  let word: string | undefined;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (c === "'" || c === '"') {
      const close = closingQuote(text, i);
      const inner = c === "'" ? text.slice(i + 1, close) : text.slice(i + 1, close).replace(/\\(["\\$`])/g, "$1");
      quoted.push(inner);
      word = (word ?? "") + inner;
      i = close;
    } else if (c === "\\") {
      word = (word ?? "") + (text[i + 1] === "\n" ? "" : (text[i + 1] ?? ""));
      i += 1;
    } else if (c === "#" && word === undefined) {
      while (i + 1 < text.length && text[i + 1] !== "\n") i += 1;
    } else if (SEPARATORS.has(c)) {
      endCommand();
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      word = (word ?? "") + c;
    }
  }
  endCommand();
  return { commands: expandVariables(commands), quoted };
}

/** Index of the quote closing the one at `open` (the end of the text when unclosed). */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === "\\") i += 1;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
const DECLARERS = new Set(["export", "local", "declare", "typeset", "readonly"]);

/**
 * `g=git; $g log --all` reads as `git log --all`: assignments (bare, or after export/local/declare)
 * and `alias name=value` are remembered in order; `$name` and `${name}` in later words are replaced
 * (the value split at blanks), as is a command word that names an alias. Unknown variables stay as written.
 */
function expandVariables(commands: readonly string[][]): string[][] {
  const variables = new Map<string, string>();
  const aliases = new Map<string, string>();
  return commands.map((raw) => {
    const words = raw.flatMap((w) => expandWord(w, variables));
    const first = words[0] ?? "";
    const alias = aliases.get(first);
    const expanded = alias === undefined ? words : [...alias.split(/\s+/).filter((w) => w !== ""), ...words.slice(1)];
    remember(expanded, variables, aliases);
    return expanded;
  });
}

function remember(words: readonly string[], variables: Map<string, string>, aliases: Map<string, string>): void {
  const [first = "", ...rest] = words;
  const target = first === "alias" ? aliases : variables;
  const candidates = first === "alias" || DECLARERS.has(first) ? rest : words;
  for (const word of candidates) {
    const match = ASSIGNMENT.exec(word);
    if (match === null) {
      if (word.startsWith("-") && candidates !== words) continue;
      break;
    }
    target.set(match[1] ?? "", match[2] ?? "");
  }
}

function expandWord(word: string, variables: ReadonlyMap<string, string>): string[] {
  if (!word.includes("$")) return [word];
  const expanded = word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => {
    const value = variables.get(braced ?? bare ?? "");
    return value ?? whole;
  });
  return expanded === word ? [word] : expanded.split(/\s+/).filter((w) => w !== "");
}
