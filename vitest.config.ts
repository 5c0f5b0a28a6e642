import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Docker-heavy suites share one daemon on a 2-core machine: run files one at a time.
    fileParallelism: false,
    reporters: ["default", "json"],
    outputFile: { json: "results/.vitest-report.json" },
  },
});
