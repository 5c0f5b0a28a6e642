import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const shared = process.env.SERA_BENCH_SHARED ?? join(resolve(fileURLToPath(new URL(".", import.meta.url))), "..", "shared");

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Docker-heavy suites share one daemon on a 2-core machine: run files one at a time.
    fileParallelism: false,
    reporters: ["default", "json"],
    outputFile: { json: "results/.vitest-report.json" },
    // SERA's published protocol files (inputs, like the dataset) for every suite, offline; tests
    // that check the download or the missing-files path set their own sources.
    env: {
      SERA_BENCH_PUBLISHED_DIR: process.env.SERA_BENCH_PUBLISHED_DIR ?? join(shared, "data", "sera-published"),
      // mini-swe-agent's files at the pinned tags (a folder per tag), offline, the same way.
      SERA_BENCH_MINI_DIR: process.env.SERA_BENCH_MINI_DIR ?? join(shared, "data", "mini-swe-agent-published"),
    },
  },
});
