import type { TrajectoryStep } from "./trajectory.ts";

/** One command of a trajectory that tried to reach past base_commit (trajectory `info.leak_attempts`). */
export interface LeakAttempt {
  /** 1-based position of the tool call among the trajectory's tool calls. */
  readonly call: number;
  readonly kind: LeakKind;
  /** The command as the agent ran it (at most 300 characters). */
  readonly command: string;
}

export type LeakKind = "git log --all" | "git reflog" | "git fetch/pull" | "git show/checkout of a ref" | "pip of the package" | "upstream fetch";

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

/** The distinct kinds of attempt in one shell command. */
export function leakKinds(command: string, target: LeakScanTarget): LeakKind[] {
  const kinds = new Set<LeakKind>();
  const upstream = target.repo.toLowerCase();
  const lower = command.toLowerCase();
  if (lower.includes(`github.com/${upstream}`) || lower.includes(`githubusercontent.com/${upstream}`)) kinds.add("upstream fetch");
  const pkg = normalizePackage(upstream.split("/").at(-1) ?? upstream);
  for (const words of simpleCommands(command)) {
    const kind = gitKind(words) ?? pipKind(words, pkg);
    if (kind !== undefined) kinds.add(kind);
  }
  return [...kinds];
}

/** The command split at `;`, `&&`, `||`, `|` and newlines into word lists (quotes dropped; a simple reading, not a shell). */
function simpleCommands(command: string): string[][] {
  return command
    .split(/\n|;|&&|\|\||\|/)
    .map((part) => part.replace(/["']/g, "").trim().split(/\s+/).filter((word) => word !== ""))
    .filter((words) => words.length > 0);
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
