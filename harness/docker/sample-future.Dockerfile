# Future layer of a sample instance whose folder holds future.diff (instances/leak/): on top of the
# instance image, a side branch `future-fix` gets one commit after base_commit applying future.diff
# (the fix, as the real upstream history holds it), then the checkout goes back to the branch the
# official setup leaves. `git log --all` then shows the fix unless the leak guard removed it. Two more
# traces the guard must clear: `.git/COMMIT_EDITMSG` keeps the future commit's message (it was the
# last commit made), and a locked linked worktree /root/future-worktree, detached at the future
# commit, holds the fixed files and pins the commit (`.git/worktrees/future-worktree`).
# Build context: future.diff.
ARG INSTANCE_IMAGE
FROM ${INSTANCE_IMAGE}
ARG BASE_COMMIT

COPY future.diff /root/future.diff
RUN set -eu; \
    cd /testbed; \
    branch=$(git symbolic-ref --short HEAD); \
    git checkout -q -b future-fix "$BASE_COMMIT"; \
    git apply /root/future.diff; \
    GIT_AUTHOR_DATE='2025-02-01T00:00:00+0000' GIT_COMMITTER_DATE='2025-02-01T00:00:00+0000' \
      git commit -q -am 'Fix the reported bug (future commit, past base_commit)'; \
    git checkout -q "$branch"; \
    git worktree add -q --detach /root/future-worktree future-fix; \
    git worktree lock --reason 'sera-bench leak sample' /root/future-worktree; \
    rm /root/future.diff

WORKDIR /testbed/
