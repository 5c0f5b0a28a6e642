// Preloaded into each timed CLI process by bench/cli.ts: at exit, writes the process's own CPU
// time and peak memory (process.resourceUsage) to the file named by SERA_BENCH_USAGE_FILE.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  const usage = process.resourceUsage();
  writeFileSync(process.env.SERA_BENCH_USAGE_FILE, JSON.stringify({ cpuUs: usage.userCPUTime + usage.systemCPUTime, maxRssKiB: usage.maxRSS }));
});
