import type { Sandbox } from "../sandbox/types.ts";
import { SandboxError } from "../sandbox/types.ts";
import { WORKING_DIR } from "./first-messages.ts";

/** What the leak guard did in one agent container (trajectory `info.leak_guard`). */
export interface LeakGuardInfo {
  /** Wall-clock milliseconds of the clean-up (one exec). */
  readonly ms: number;
  /** Refs deleted: branches other than the checked-out one, remote-tracking refs, tags not in HEAD's history, the stash, notes... */
  readonly removed_refs: readonly string[];
  /** Linked worktrees removed (their directories): those whose HEAD is not in HEAD's history or whose files differ from it. */
  readonly removed_worktrees: readonly string[];
  /** Files and folders of the git directory removed because they name or describe other commits (`COMMIT_EDITMSG`, `ORIG_HEAD`, ...). */
  readonly removed_files: readonly string[];
}

/** Files of the git directory that can name a commit past HEAD or quote its message or changes. */
const STATE_FILES = [
  "COMMIT_EDITMSG", "MERGE_MSG", "SQUASH_MSG", "TAG_EDITMSG", "FETCH_HEAD", "ORIG_HEAD", "MERGE_HEAD", "CHERRY_PICK_HEAD",
  "REVERT_HEAD", "BISECT_HEAD", "BISECT_LOG", "AUTO_MERGE", "info/refs", "rebase-merge", "rebase-apply", "sequencer", "rr-cache",
];

/**
 * Leaves nothing in the repository that could show a commit past the checked-out HEAD, in steps:
 * 1. linked worktrees (`.git/worktrees/*`) are removed, locked or not, with their directories,
 *    unless their HEAD is in HEAD's history and their files are unchanged (such a worktree pins
 *    future commits and holds their files);
 * 2. every ref but the current branch and the tags whose commits HEAD contains (and the config
 *    section of each deleted branch);
 * 3. state files that name other commits or quote their messages (STATE_FILES: `COMMIT_EDITMSG`
 *    holds the message of the last commit made in the image, which may be past HEAD);
 * 4. every reflog (expired in all worktrees, then `logs/` removed: orphan reflogs too);
 * 5. unreachable objects pruned (`git gc --prune=now`, which also repacks, so objects in packs go too).
 * Prints `ref|worktree|file <name>` for each removal. Not a git repository: nothing to do.
 * Known limits: objects in an alternate object store (`objects/info/alternates`) are not pruned;
 * copies of the repository elsewhere in the image (another clone, a pip cache) are not looked for.
 */
const GUARD_SCRIPT = `set -eu
cd ${WORKING_DIR}
git rev-parse --verify -q HEAD >/dev/null || exit 0
gitdir=$(git rev-parse --git-common-dir)
git worktree prune
for admin in "$gitdir"/worktrees/*; do
  [ -d "$admin" ] || continue
  dir=$(sed 's#/\\.git$##' "$admin/gitdir" 2>/dev/null || true)
  at=$(git --git-dir="$admin" rev-parse -q --verify HEAD 2>/dev/null || true)
  if [ -n "$at" ] && git merge-base --is-ancestor "$at" HEAD 2>/dev/null && [ -d "$dir" ] \\
     && [ -z "$(git -C "$dir" status --porcelain 2>/dev/null || echo unreadable)" ]; then continue; fi
  git worktree remove --force --force "$dir" >/dev/null 2>&1 || true
  if [ -n "$dir" ] && [ -f "$dir/.git" ]; then rm -rf "$dir"; fi
  rm -rf "$admin"
  echo "worktree \${dir:-$admin}"
done
branch=$(git symbolic-ref -q HEAD || true)
git for-each-ref --format='%(refname)' | while read -r ref; do
  [ "$ref" = "$branch" ] && continue
  case "$ref" in refs/tags/*) git merge-base --is-ancestor "$ref" HEAD 2>/dev/null && continue ;; esac
  git update-ref -d "$ref"
  case "$ref" in refs/heads/*) git config --remove-section "branch.\${ref#refs/heads/}" 2>/dev/null || true ;; esac
  echo "ref $ref"
done
for name in ${STATE_FILES.join(" ")}; do
  [ -e "$gitdir/$name" ] || continue
  rm -rf "\${gitdir:?}/$name"
  echo "file $name"
done
git reflog expire --expire=now --all
rm -rf "\${gitdir:?}/logs"
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
  const lines = result.output.split("\n");
  const removed = (kind: string) => lines.filter((line) => line.startsWith(`${kind} `)).map((line) => line.slice(kind.length + 1));
  return { ms, removed_refs: removed("ref"), removed_worktrees: removed("worktree"), removed_files: removed("file") };
}
