#!/usr/bin/env bash
# The main job on the bundled sample: make sure Docker answers, build the sample images (cached by
# content), then the whole pipeline: the built-in scripted model (an OpenAI-compatible server on
# 127.0.0.1 playing each sample's solution) drives the real SWE-agent tools in real containers,
# each finished instance is evaluated in a fresh container, and the report is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh
node bin/sera-bench.js images build-sample
node bin/sera-bench.js run --dataset instances/sample --model scripted --run-id sample-demo --workers 2 --redo "$@"
node bin/sera-bench.js report results/sample-demo
