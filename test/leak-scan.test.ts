/**
 * The leak-attempt scan's rules, one command per case (pure: no container). Each variant an agent
 * could use to reach past base_commit is named by its kind; ordinary commands are not flagged.
 */
import { describe, expect, it } from "vitest";
import { leakKinds } from "../src/agent/leak-scan.ts";

const target = { repo: "django/django" };

describe("leak attempts: the scan's rules", () => {
  it.each([
    ["git log --all --oneline", ["git log --all"]],
    ["cd /testbed && git --no-pager log --branches", ["git log --all"]],
    ["git reflog", ["git reflog"]],
    ["git log -g", ["git reflog"]],
    ["git fetch origin", ["git fetch/pull"]],
    ["git pull", ["git fetch/pull"]],
    ["git show 1a2b3c4d", ["git show/checkout of a ref"]],
    ["git show future-fix:django/db.py", ["git show/checkout of a ref"]],
    ["git checkout origin/main", ["git show/checkout of a ref"]],
    ["pip download django==5.0", ["pip of the package"]],
    ["curl -sL https://github.com/django/django/commit/abc.patch", ["upstream fetch"]],
    ["wget https://raw.githubusercontent.com/django/django/main/x.py", ["upstream fetch"]],
  ])("%s", (command, kinds) => {
    expect(leakKinds(command, target)).toEqual(kinds);
  });
});

describe("leak attempts: variants behind variables, other languages and git's files", () => {
  it.each([
    ["a variable holding git", "g=git; $g log --all", ["git log --all"]],
    ["a braced, exported variable holding git's path", "export GIT=/usr/bin/git && ${GIT} rev-list --all", ["git log --all"]],
    ["a variable holding two words", 'G="git log"; $G --all --oneline', ["git log --all"]],
    ["an alias", "alias gl='git log --all'; gl", ["git log --all"]],
    ["bash -c", "bash -c 'git reflog'", ["git reflog"]],
    ["python -c with subprocess and a list", `python -c "import subprocess; subprocess.run(['git','log','--all'])"`, ["git log --all"]],
    ["python here-document with subprocess and a tuple", "python3 - <<'EOF'\nimport subprocess\nprint(subprocess.check_output(('git', 'log', '--all')))\nEOF", ["git log --all"]],
    ["python os.system", `python -c "import os; os.system('git fetch origin')"`, ["git fetch/pull"]],
    ["git cat-file --batch-all-objects", "git cat-file --batch-all-objects --batch-check", ["git all objects"]],
    ["git fsck (lists dangling commits)", "git fsck --lost-found", ["git all objects"]],
    ["cat .git/packed-refs", "cat .git/packed-refs", ["read of .git/"]],
    ["ls .git/refs", "ls .git/refs", ["read of .git/"]],
    ["find .git", "find .git -type f", ["read of .git/"]],
    ["an absolute path under .git", "head -5 /testbed/.git/logs/HEAD", ["read of .git/"]],
    ["an input redirection", "cat < .git/COMMIT_EDITMSG", ["read of .git/"]],
    ["cd into .git", "cd .git && cat packed-refs", ["read of .git/"]],
    ["python open()", `python -c "print(open('.git/COMMIT_EDITMSG').read())"`, ["read of .git/"]],
  ])("%s: %s", (_what, command, kinds) => {
    expect(leakKinds(command, target)).toEqual(kinds);
  });
});

describe("leak attempts: ordinary commands are not flagged", () => {
  it.each([
    "git log --oneline -5", "git show HEAD", "git show HEAD~1:django/db.py", "git diff", "git checkout -- django/db.py",
    "git checkout django/db.py", "git checkout -b work", "git status", "pip install -e .", "pip install pytest", "curl https://example.com",
    "git commit -am 'fix merge'", "git add -A && git diff --cached", "git diff HEAD -- intervals/core.py",
    "find . -name '*.py' -not -path './.git/*'", "find . -path ./.git -prune -o -name '*.py' -print",
    "grep -rn merge --exclude-dir=.git .", "grep -rn merge --exclude-dir .git .", "grep -v .git/ files.txt", "rg -n 'def merge' .",
    "cat .gitignore", "ls .github/workflows", "ls -la", "echo '*.log' >> .git/info/exclude", "sed -n 1,20p intervals/core.py",
    "x=1; echo $x", "python -m pytest tests -x", "python -c 'import intervals; print(intervals.merge([]))'",
    `python -c "import re; print(re.findall('a', 'b, c'))"`, "cat <<'EOF' > notes.txt\nsee git log for details\nEOF",
  ])("not an attempt: %s", (command) => {
    expect(leakKinds(command, target)).toEqual([]);
  });
});
