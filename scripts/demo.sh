#!/usr/bin/env bash
# The main job on the bundled sample: make sure Docker answers, build the sample images (cached by
# content), evaluate the gold patches of every sample instance and print the report.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh
node bin/sera-bench.js images build-sample
node bin/sera-bench.js eval --dataset instances/sample --predictions gold --run-id sample-gold --workers 2 --redo "$@"
