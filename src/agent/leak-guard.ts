import type { Sandbox } from "../sandbox/types.ts";
import { SandboxError } from "../sandbox/types.ts";
import { WORKING_DIR } from "./first-messages.ts";

/** What the leak guard did in one agent container (trajectory `info.leak_guard`). */
export interface LeakGuardInfo {
  /** Wall-clock milliseconds of the clean-up (one exec). */
  readonly ms: number;
  /** Refs deleted: branches other than the checked-out one, remote-tracking refs, tags not in HEAD's history, the stash, notes... */
  readonly removed_refs: readonly string[];
}

/**
 * Leaves nothing in the repository that could show a commit past the checked-out HEAD: every ref but
 * the current branch and the tags whose commits HEAD contains, FETCH_HEAD/ORIG_HEAD, the reflog and
 * the stash; then unreachable objects are pruned (`git gc --prune=now`, which also repacks, so
 * objects held in packs go too). Prints each removed ref. Not a git repository: nothing to do.
 */
const GUARD_SCRIPT = `set -eu
cd ${WORKING_DIR}
git rev-parse --verify -q HEAD >/dev/null || exit 0
branch=$(git symbolic-ref -q HEAD || true)
git for-each-ref --format='%(refname)' | while read -r ref; do
  [ "$ref" = "$branch" ] && continue
  case "$ref" in refs/tags/*) git merge-base --is-ancestor "$ref" HEAD 2>/dev/null && continue ;; esac
  git update-ref -d "$ref"
  echo "removed $ref"
done
rm -f .git/FETCH_HEAD .git/ORIG_HEAD .git/MERGE_HEAD .git/CHERRY_PICK_HEAD
git reflog expire --expire=now --all
git gc --prune=now --quiet
`;

/** Runs the clean-up in the agent container; a failure is an environment error (the rollout must not start unguarded). */
export async function runLeakGuard(sandbox: Sandbox): Promise<LeakGuardInfo> {
  const started = Date.now();
  const result = await sandbox.exec(["bash", "-c", GUARD_SCRIPT], { timeoutMs: 600_000 });
  const ms = Date.now() - started;
  if (result.timedOut || result.exitCode !== 0) {
    const why = result.timedOut ? "timed out" : `exited with ${result.exitCode}`;
    throw new SandboxError(`the leak guard (git clean-up of ${WORKING_DIR}) ${why}: ${result.output.trim().split("\n").slice(-5).join("\n")}`);
  }
  const removed = result.output.split("\n").filter((line) => line.startsWith("removed ")).map((line) => line.slice("removed ".length));
  return { ms, removed_refs: removed };
}
