import { readShell } from "./shell-words.ts";
import type { TrajectoryStep } from "./trajectory.ts";

/** One command of a trajectory that tried to reach past base_commit (trajectory `info.leak_attempts`). */
export interface LeakAttempt {
  /** 1-based position of the tool call among the trajectory's tool calls. */
  readonly call: number;
  readonly kind: LeakKind;
  /** The command as the agent ran it (at most 300 characters). */
  readonly command: string;
}

export type LeakKind =
  | "git log --all" | "git reflog" | "git all objects" | "git fetch/pull" | "git show/checkout of a ref" | "read of .git/"
  | "pip of the package" | "upstream fetch";

/** The instance's repository (`owner/name`), for the package name and the upstream URL. */
export interface LeakScanTarget {
  readonly repo: string;
}

/** Every leak attempt among the bash commands of the trajectory's tool calls, in order (see README "Leak guard" for the rules). */
export function scanLeakAttempts(steps: readonly TrajectoryStep[], target: LeakScanTarget): LeakAttempt[] {
  const attempts: LeakAttempt[] = [];
  let call = 0;
  for (const step of steps) {
    if (step.kind !== "tool") continue;
    call += 1;
    const command = commandOf(step.call.arguments);
    if (command === undefined) continue;
    for (const kind of leakKinds(command, target)) attempts.push({ call, kind, command: command.slice(0, 300) });
  }
  return attempts;
}

function commandOf(argumentsText: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    const command = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).command : undefined;
    return typeof command === "string" ? command : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The distinct kinds of attempt in one shell command. A heuristic that sees the words an agent meant
 * to run, not a shell: the command is read by `readShell` (quotes, variables and aliases set on the
 * same line), then each quoted string is read again as a command (`bash -c '...'`, `python -c "..."`,
 * `os.system("...")`), and comma-separated string literals (`['git', 'log', '--all']`) are read as
 * the words of one command. Known limits: values computed at run time (`$(which git)`, base64,
 * string concatenation), variables set in an earlier tool call, scripts written to a file in one
 * call and run in another (the writing call is scanned as text, so a literal list of git words in
 * it counts), and git's internals reached through anything but a `.git` path word.
 */
export function leakKinds(command: string, target: LeakScanTarget): LeakKind[] {
  const kinds = new Set<LeakKind>();
  const upstream = target.repo.toLowerCase();
  const lower = command.toLowerCase();
  if (lower.includes(`github.com/${upstream}`) || lower.includes(`githubusercontent.com/${upstream}`)) kinds.add("upstream fetch");
  const pkg = normalizePackage(upstream.split("/").at(-1) ?? upstream);
  scanText(command, pkg, kinds, 0);
  return [...kinds];
}

const MAX_DEPTH = 3;

function scanText(text: string, pkg: string, kinds: Set<LeakKind>, depth: number): void {
  const { commands, quoted } = readShell(text);
  for (const words of [...commands, ...stringLists(text)]) {
    for (const kind of [gitKind(words), pipKind(words, pkg), gitDirKind(words)]) if (kind !== undefined) kinds.add(kind);
  }
  if (depth >= MAX_DEPTH) return;
  // Quoted code is read again; a quoted plain word was judged as a word of its command already
  // (`find -path './.git/*'` is a pattern there, not a read).
  for (const inner of quoted) if (/[\s();|&]/.test(inner.trim()) && /git|pip/.test(inner)) scanText(inner, pkg, kinds, depth + 1);
}

/** Runs of two or more comma-separated string literals (`'git', 'log'` in `subprocess.run([...])`), as word lists. */
function stringLists(text: string): string[][] {
  const runs = text.match(/(["'])[^"'\n]*\1(?:\s*,\s*(["'])[^"'\n]*\2)+/g) ?? [];
  return runs.map((run) => [...run.matchAll(/(["'])([^"'\n]*)\1/g)].map((m) => m[2] ?? ""));
}

const REF_WALKING = new Set(["--all", "--branches", "--tags", "--remotes", "--reflog", "-g", "--walk-reflogs"]);

/** `git checkout -b x` / `git switch -c x` name a new branch, not a ref to read. */
const NEW_BRANCH = new Set(["-b", "-B", "-c", "-C", "--orphan"]);

function gitKind(words: readonly string[]): LeakKind | undefined {
  const at = words.findIndex((word) => word === "git" || word.endsWith("/git"));
  if (at < 0) return undefined;
  const rest = skipGitOptions(words.slice(at + 1));
  const [sub, ...args] = rest;
  if (sub === "reflog" || (sub === "log" && args.some((a) => a === "-g" || a === "--walk-reflogs"))) return "git reflog";
  if (sub === "fetch" || sub === "pull" || sub === "clone") return "git fetch/pull";
  if ((sub === "cat-file" && args.includes("--batch-all-objects")) || (sub === "fsck" && !args.includes("--no-dangling"))) return "git all objects";
  if (args.some((a) => REF_WALKING.has(a) || a.startsWith("--glob") || a.startsWith("--branches=") || a.startsWith("--tags=") || a.startsWith("--remotes="))) {
    return sub === "log" || sub === "rev-list" || sub === "show-branch" || sub === "shortlog" ? "git log --all" : undefined;
  }
  if (sub === "show" || sub === "checkout" || sub === "switch" || sub === "cherry-pick" || sub === "merge") {
    if (args.some((a) => NEW_BRANCH.has(a))) return undefined;
    return revisionArgs(args).some(isForeignRef) ? "git show/checkout of a ref" : undefined;
  }
  return undefined;
}

/** Words after `git` from the subcommand on: `-C dir`, `-c k=v`, `--no-pager` and the like are skipped. */
function skipGitOptions(words: readonly string[]): readonly string[] {
  let i = 0;
  while (i < words.length && (words[i] ?? "").startsWith("-")) i += words[i] === "-C" || words[i] === "-c" ? 2 : 1;
  return words.slice(i);
}

/** Arguments before `--` that are not options. */
function revisionArgs(args: readonly string[]): string[] {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).filter((arg) => !arg.startsWith("-"));
}

/**
 * A revision other than HEAD-relative ones (`HEAD`, `HEAD~2`, `HEAD^`, `@`, `HEAD:path`, `:path`),
 * and not a path (contains a `/` without a ref prefix, or ends in a file extension, or is `.`).
 */
function isForeignRef(arg: string): boolean {
  const rev = arg.split(":")[0] ?? "";
  if (rev === "" || /^(HEAD|@)([~^]\d*)*$/.test(rev)) return false;
  if (/^(refs|origin|upstream|remotes|tags)\//.test(rev) || /^[0-9a-f]{7,40}([~^]\d*)*$/.test(rev)) return true;
  return !(rev === "." || rev.includes("/") || /\.[A-Za-z0-9]{1,5}$/.test(rev));
}

/** A path word naming `.git` or something under it (`.git`, `./.git/refs`, `/testbed/.git/packed-refs`), not `.gitignore` or `.github/`. */
const GIT_DIR_PATH = /(^|\/)\.git(\/|$)/;

/** Commands whose `.git` arguments do not read it (git itself is judged by `gitKind`). */
const NOT_READING = new Set(["git", "rm", "mkdir", "touch", "echo", "printf", "chmod", "chown"]);

/** Options whose value is a pattern to leave out or match, not a path to read (`--exclude-dir=.git` is one word and never a path). */
const PATTERN_OPTIONS = new Set(["--exclude-dir", "--exclude", "--include", "--ignore-dir", "--ignore", "-g", "--glob", "-I", "-e", "-path", "-ipath", "-wholename", "-name", "-iname"]);

const GREP_LIKE = new Set(["grep", "egrep", "fgrep", "rg", "ag", "ack"]);

/**
 * A command reading git's own files (`cat .git/packed-refs`, `ls .git/refs`, `find .git`, `cd .git`,
 * Python's `open('.git/HEAD')` read as a quoted word): any argument that is a `.git` path, except
 * after an output redirection, as the value of a pattern option, as grep's pattern, or past `find`'s
 * starting points.
 */
function gitDirKind(words: readonly string[]): LeakKind | undefined {
  const [name = "", ...args] = words;
  if (GIT_DIR_PATH.test(name)) return "read of .git/";
  const base = name.split("/").at(-1) ?? name;
  if (NOT_READING.has(base)) return undefined;
  return readArguments(base, args).some((arg) => GIT_DIR_PATH.test(arg)) ? "read of .git/" : undefined;
}

/** The arguments of a command that may name files it reads. */
function readArguments(name: string, args: readonly string[]): string[] {
  if (name === "find") {
    const firstExpression = args.findIndex((a) => /^[-(!]/.test(a));
    return firstExpression < 0 ? [...args] : args.slice(0, firstExpression);
  }
  const paths: string[] = [];
  let skipPattern = GREP_LIKE.has(name) && !args.some((a) => a === "-e" || a === "-f" || a.startsWith("--regexp"));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (/^\d*>/.test(arg) || PATTERN_OPTIONS.has(arg)) {
      if (/^\d*>>?$/.test(arg) || PATTERN_OPTIONS.has(arg)) i += 1;
    } else if (arg.startsWith("-")) {
      continue;
    } else if (skipPattern) {
      skipPattern = false;
    } else {
      paths.push(arg.replace(/^\d*</, ""));
    }
  }
  return paths;
}

function pipKind(words: readonly string[], pkg: string): LeakKind | undefined {
  const at = words.findIndex((word) => /^pip3?$/.test(word) || word.endsWith("/pip") || word.endsWith("/pip3"));
  const sub = at < 0 ? undefined : words[at + 1];
  if (sub !== "download" && sub !== "install") return undefined;
  const names = words.slice(at + 2).filter((w) => !w.startsWith("-")).map((w) => normalizePackage(w.split(/[=<>!~[@ ]/)[0] ?? ""));
  return names.includes(pkg) ? "pip of the package" : undefined;
}

function normalizePackage(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
