#!/usr/bin/env bash
# Make the reproducible base commit of a sample instance and print its sha.
#
# Usage: scripts/sample-commit.sh <src-dir> [<dest-dir>]
#   <src-dir>   the repository's files at the base commit (instances/sample/<id>/repo)
#   <dest-dir>  where to create the git repository (must be absent or empty); when omitted, a
#               temporary directory is used and removed, and only the sha is printed.
#
# Everything that goes into the commit object is fixed, so the sha depends only on the files:
# author/committer name, email and date, the message, and file modes (a file is executable
# exactly when it starts with "#!"). Python caches are left out. The image build runs this same
# script to create /testbed, so the sha printed here is the one inside the image.
set -euo pipefail

src=${1:?usage: sample-commit.sh <src-dir> [<dest-dir>]}
dest=${2:-}
[ -d "$src" ] || { echo "sample-commit: $src is not a directory" >&2; exit 1; }

if [ -z "$dest" ]; then
  dest=$(mktemp -d /tmp/sera-bench-sample-commit.XXXXXX)
  trap 'rm -rf "$dest"' EXIT
elif [ -e "$dest" ] && [ -n "$(ls -A "$dest")" ]; then
  echo "sample-commit: $dest exists and is not empty" >&2
  exit 1
fi
mkdir -p "$dest"

cp -R "$src/." "$dest/"
find "$dest" \( -name __pycache__ -o -name .pytest_cache \) -prune -exec rm -rf {} +
find "$dest" -name '*.pyc' -delete
while IFS= read -r -d '' file; do
  if [ "$(head -c 2 "$file")" = '#!' ]; then chmod 755 "$file"; else chmod 644 "$file"; fi
done < <(find "$dest" -type f -print0)

export GIT_AUTHOR_NAME=sera-bench GIT_AUTHOR_EMAIL=samples@sera-bench.invalid
export GIT_COMMITTER_NAME=sera-bench GIT_COMMITTER_EMAIL=samples@sera-bench.invalid
export GIT_AUTHOR_DATE='2025-01-01T00:00:00+0000' GIT_COMMITTER_DATE='2025-01-01T00:00:00+0000'
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

git -C "$dest" init -q -b main
git -C "$dest" -c core.autocrlf=false -c core.fileMode=true add -A
git -C "$dest" -c commit.gpgsign=false commit -q -m 'sera-bench sample instance: base commit'
git -C "$dest" rev-parse HEAD
