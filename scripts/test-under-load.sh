#!/usr/bin/env bash
# The whole suite on a busy machine: two CPU hogs (one per core of a 2-core machine, or
# SERA_BENCH_HOGS of them) spin for as long as `npm test` runs, then stop. The suite must pass
# anyway: tests wait for conditions, never for fixed delays. Prints the hogs' count and npm test's
# own result; exits with npm test's status.
set -uo pipefail
cd "$(dirname "$0")/.."

hogs=${SERA_BENCH_HOGS:-2}
pids=()
for _ in $(seq 1 "$hogs"); do
  node -e 'for (;;) {}' &
  pids+=("$!")
done
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
echo "test-under-load: ${hogs} CPU hog(s) running (pids ${pids[*]})"
npm test "$@"
status=$?
echo "test-under-load: npm test exited ${status} with ${hogs} CPU hog(s) running"
exit $status
