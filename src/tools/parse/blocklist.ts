import { pyStrip } from "../../util/python/str.ts";

/** SWE-agent ToolFilterConfig defaults: actions that would hang or need a terminal. */
export interface Blocklist {
  /** Blocked when the action starts with one of these. */
  readonly prefixes: readonly string[];
  /** Blocked when the action is exactly one of these. */
  readonly standalone: readonly string[];
  /** Blocked when the first word is a key, unless the action matches its regex. */
  readonly unlessRegex: Readonly<Record<string, string>>;
}

export const DEFAULT_BLOCKLIST: Blocklist = {
  prefixes: ["vim", "vi", "emacs", "nano", "nohup", "gdb", "less", "tail -f", "python -m venv", "make"],
  standalone: ["python", "python3", "ipython", "bash", "sh", "/bin/bash", "/bin/sh", "nohup", "vi", "vim", "emacs", "nano", "su"],
  unlessRegex: { radare2: String.raw`\b(?:radare2)\b.*\s+-c\s+.*`, r2: String.raw`\b(?:radare2)\b.*\s+-c\s+.*` },
};

export const BLOCKED_TEMPLATE = "Operation '{{action}}' is not supported by this environment.";

/** ToolHandler.should_block_action. */
export function isBlocked(action: string, blocklist: Blocklist): boolean {
  const stripped = pyStrip(action);
  if (stripped === "") return false;
  if (blocklist.prefixes.some((prefix) => stripped.startsWith(prefix))) return true;
  if (blocklist.standalone.includes(stripped)) return true;
  const name = stripped.split(/[\s\x1c-\x1f\x85]+/u)[0] ?? "";
  const regex = Object.hasOwn(blocklist.unlessRegex, name) ? blocklist.unlessRegex[name] : undefined;
  return regex !== undefined && !new RegExp(regex).test(stripped);
}

export function blockedMessage(action: string): string {
  return BLOCKED_TEMPLATE.replace("{{action}}", action);
}
