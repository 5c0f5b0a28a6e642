# Future layer of a sample instance whose folder holds future.diff (instances/leak/): on top of the
# instance image, a side branch `future-fix` gets one commit after base_commit applying future.diff
# (the fix, as the real upstream history holds it), then the checkout goes back to the branch the
# official setup leaves. `git log --all` then shows the fix unless the leak guard removed it.
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
    rm /root/future.diff

WORKDIR /testbed/
