import { SeraBenchError } from "../../util/errors.ts";

/**
 * The argument parsing of SWE-agent's str_replace_editor script (Python argparse), on the argv the
 * shell produced: positionals `command path`, options --file_text, --view_range N N, --old_str,
 * --new_str, --insert_line INT; errors print usage to stderr and exit 2.
 */
export interface EditorArgs {
  readonly command: string;
  readonly path: string;
  readonly fileText?: string;
  readonly viewRange?: readonly [number, number];
  readonly oldStr?: string;
  readonly newStr?: string;
  readonly insertLine?: number;
}

export type EditorArgv = { readonly ok: true; readonly args: EditorArgs } | { readonly ok: false; readonly stdout: string; readonly stderr: string; readonly exitCode: number };

export const EDITOR_USAGE =
  "usage: str_replace_editor [-h] [--file_text FILE_TEXT]\n" +
  "                          [--view_range VIEW_RANGE VIEW_RANGE]\n" +
  "                          [--old_str OLD_STR] [--new_str NEW_STR]\n" +
  "                          [--insert_line INSERT_LINE]\n" +
  "                          command path\n";

const EDITOR_HELP = `${EDITOR_USAGE}
positional arguments:
  command
  path

options:
  -h, --help            show this help message and exit
  --file_text FILE_TEXT
  --view_range VIEW_RANGE VIEW_RANGE
  --old_str OLD_STR
  --new_str NEW_STR
  --insert_line INSERT_LINE
`;

interface OptionSpec {
  readonly key: keyof EditorArgs | "help";
  readonly nargs: number;
  readonly int: boolean;
}

const OPTIONS: Readonly<Record<string, OptionSpec>> = {
  "-h": { key: "help", nargs: 0, int: false },
  "--help": { key: "help", nargs: 0, int: false },
  "--file_text": { key: "fileText", nargs: 1, int: false },
  "--view_range": { key: "viewRange", nargs: 2, int: true },
  "--old_str": { key: "oldStr", nargs: 1, int: false },
  "--new_str": { key: "newStr", nargs: 1, int: false },
  "--insert_line": { key: "insertLine", nargs: 1, int: true },
};

class ArgError extends SeraBenchError {}

export function parseEditorArgv(argv: readonly string[]): EditorArgv {
  try {
    const values = consume(argv);
    if (values.help === true) return { ok: false, stdout: EDITOR_HELP, stderr: "", exitCode: 0 };
    return { ok: true, args: values as unknown as EditorArgs };
  } catch (error) {
    if (!(error instanceof ArgError)) throw error;
    return { ok: false, stdout: "", stderr: `${EDITOR_USAGE}str_replace_editor: error: ${error.message}\n`, exitCode: 2 };
  }
}

function consume(argv: readonly string[]): Record<string, unknown> {
  const kinds = classify(argv);
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  const extras: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (kinds[i] === "-") continue;
    if (kinds[i] === "A") {
      (positionals.length < 2 ? positionals : extras).push(arg);
      continue;
    }
    const [flag, explicit] = splitExplicit(arg);
    const spec = OPTIONS[flag];
    if (spec === undefined) {
      extras.push(arg);
      continue;
    }
    i = takeOption(argv, kinds, i, flag, spec, explicit, values);
  }
  if (positionals.length < 2) throw new ArgError(`the following arguments are required: ${["command", "path"].slice(positionals.length).join(", ")}`);
  if (extras.length > 0) throw new ArgError(`unrecognized arguments: ${extras.join(" ")}`);
  values.command = positionals[0];
  values.path = positionals[1];
  return values;
}

function takeOption(argv: readonly string[], kinds: readonly string[], i: number, flag: string, spec: OptionSpec, explicit: string | undefined, values: Record<string, unknown>): number {
  const name = flag === "-h" || flag === "--help" ? "-h/--help" : flag;
  if (spec.nargs === 0) {
    if (explicit !== undefined) throw new ArgError(`argument ${name}: ignored explicit argument '${explicit}'`);
    values.help = true;
    return i;
  }
  let taken: string[];
  if (explicit !== undefined) {
    if (spec.nargs !== 1) throw new ArgError(`argument ${name}: expected ${spec.nargs} arguments`);
    taken = [explicit];
  } else {
    taken = [];
    while (taken.length < spec.nargs && kinds[i + 1 + taken.length] === "A") taken.push(argv[i + 1 + taken.length] ?? "");
    if (taken.length < spec.nargs) throw new ArgError(`argument ${name}: expected ${spec.nargs === 1 ? "one argument" : `${spec.nargs} arguments`}`);
  }
  const converted = spec.int ? taken.map((text) => toInt(name, text)) : taken;
  values[spec.key] = spec.nargs === 1 ? converted[0] : converted;
  return explicit !== undefined ? i : i + taken.length;
}

function toInt(name: string, text: string): number {
  const cleaned = text.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(cleaned)) throw new ArgError(`argument ${name}: invalid int value: '${text}'`);
  return Number(cleaned.replaceAll("_", ""));
}

function splitExplicit(arg: string): [string, string | undefined] {
  if (OPTIONS[arg] !== undefined) return [arg, undefined];
  const eq = arg.indexOf("=");
  if (eq > 0 && arg.startsWith("--")) return [expand(arg.slice(0, eq)), arg.slice(eq + 1)];
  if (arg.startsWith("--")) return [expand(arg), undefined];
  if (arg.startsWith("-h") && arg.length > 2) return ["-h", arg.slice(2)];
  return [arg, undefined];
}

function expand(prefix: string): string {
  const matches = Object.keys(OPTIONS).filter((option) => option.startsWith("--") && option.startsWith(prefix));
  if (matches.length > 1) throw new ArgError(`ambiguous option: ${prefix} could match ${matches.join(", ")}`);
  return matches[0] ?? prefix;
}

/** argparse's _parse_optional: "O" for option-like strings, "A" for arguments, "-" for a lone "--". */
function classify(argv: readonly string[]): string[] {
  const kinds: string[] = [];
  let rest = false;
  for (const arg of argv) {
    if (rest) kinds.push("A");
    else if (arg === "--") [rest] = [true, kinds.push("-")];
    else kinds.push(isOptional(arg) ? "O" : "A");
  }
  return kinds;
}

function isOptional(arg: string): boolean {
  if (!arg.startsWith("-") || arg.length === 1) return false;
  if (OPTIONS[arg] !== undefined) return true;
  const eq = arg.indexOf("=");
  if (eq > 0 && OPTIONS[arg.slice(0, eq)] !== undefined) return true;
  if (arg.startsWith("--") && Object.keys(OPTIONS).some((option) => option.startsWith(eq > 0 ? arg.slice(0, eq) : arg))) return true;
  if (/^-\d+$|^-\d*\.\d+$/.test(arg)) return false;
  return !arg.includes(" ");
}
