#!/usr/bin/env bash
# The main job on the bundled sample, from a checkout: make sure Docker answers, build the CLI, then
# `sera-bench demo` (the same command an npm install runs): the sample images are built when missing
# (cached by content), the built-in scripted model (an OpenAI-compatible server on 127.0.0.1 playing
# each sample's solution) drives the real SWE-agent tools in real containers, each finished instance
# is evaluated in a fresh container, and the report is printed. Extra arguments go to `demo`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-docker.sh
npm run --silent build
node bin/sera-bench.js demo "$@"
