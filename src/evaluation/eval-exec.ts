import { randomUUID } from "node:crypto";
import type { ExecResult, Sandbox } from "../sandbox/types.ts";

/** The official harness's diff around the eval script (for its log only; the verdict does not use it). */
const GIT_DIFF = "git -c core.fileMode=false diff";
const BEFORE_FILE = "/.sera-bench-git-diff-before";
const DIFF_TIMEOUT_MS = 120_000;

/**
 * /eval.sh under its time-out, in one exec with the "git diff before" that the official harness
 * takes just before it (kept in a file; `readDiffs` brings it back): one exec fewer per instance.
 * The duration includes that diff, whose index refresh the script's own `git status` would
 * otherwise pay.
 */
export function runEvalScript(sandbox: Sandbox, timeoutMs: number): Promise<ExecResult> {
  const script = `(cd /testbed && ${GIT_DIFF}) > ${BEFORE_FILE} 2>&1; exec /bin/bash /eval.sh`;
  return sandbox.exec(["/bin/sh", "-c", script], { user: "root", timeoutMs });
}

export interface GitDiffs {
  /** The diff taken before the eval script, as it was written. */
  readonly before: string;
  /** The diff after it (stdout and stderr). */
  readonly after: string;
  /** The after diff's exit code: non-zero (or null) means the container did not answer normally. */
  readonly exitCode: number | null;
}

/** One exec: the kept "before" diff, then the "after" diff; its exit code is the after diff's. */
export async function readDiffs(sandbox: Sandbox): Promise<GitDiffs> {
  const marker = `--- sera-bench ${randomUUID()} ---`;
  const script = `cat ${BEFORE_FILE} 2>&1; printf '\\n%s\\n' '${marker}'; cd /testbed && ${GIT_DIFF} 2>&1`;
  const result = await sandbox.exec(["/bin/sh", "-c", script], { user: "root", timeoutMs: DIFF_TIMEOUT_MS });
  const at = result.output.indexOf(`\n${marker}\n`);
  if (at < 0) return { before: result.output, after: "", exitCode: result.exitCode };
  return { before: result.output.slice(0, at), after: result.output.slice(at + marker.length + 2), exitCode: result.exitCode };
}
