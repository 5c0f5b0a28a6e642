# Instance layer for one bundled sample instance (like the official sweb.eval.* images):
# /testbed is a git repository at the instance's base commit, made by scripts/sample-commit.sh
# so that its sha equals the row's base_commit, followed by an empty commit as the official
# setup_repo.sh makes (so `git diff <base_commit>` shows only later changes).
# Build context: sample-commit.sh and repo/ (the instance's files at the base commit).
ARG ENV_IMAGE=sera-bench/sweb.env.py.x86_64.sample:latest
FROM ${ENV_IMAGE}
ARG BASE_COMMIT

COPY sample-commit.sh /root/sample-commit.sh
COPY repo/ /root/repo/
RUN set -eu; \
    sha=$(bash /root/sample-commit.sh /root/repo /testbed); \
    if [ "$sha" != "$BASE_COMMIT" ]; then \
      echo "base commit mismatch: built $sha, the row says $BASE_COMMIT" >&2; exit 1; \
    fi; \
    rm -rf /root/repo; \
    cd /testbed; \
    GIT_AUTHOR_DATE='2025-01-01T00:00:01+0000' GIT_COMMITTER_DATE='2025-01-01T00:00:01+0000' \
      git commit -q --allow-empty -am SWE-bench

WORKDIR /testbed/
