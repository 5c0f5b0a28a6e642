/**
 * npm run bench:cli — start-up cost of the compiled CLI (bin/sera-bench.js -> dist/): median wall
 * time, CPU time and peak memory of `--help`, `eval --help` and `specs -i <one id>` over several
 * runs. Target: `--help` at most 0.3 s wall and 80 MiB on an idle machine. Figures only.
 *
 *   npm run bench:cli -- [--runs 9] [--dataset PATH] [--instance ID]
 *
 * The dataset defaults to ../shared/data/swe-bench-verified.test.parquet when it is there (the
 * instance django__django-11099), else the bundled sample.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const VERIFIED = resolve("../shared/data/swe-bench-verified.test.parquet");
const verified = existsSync(VERIFIED);
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "9" },
    dataset: { type: "string", default: verified ? VERIFIED : "sample" },
    instance: { type: "string", default: verified ? "django__django-11099" : "sera-bench__csvlite-1" },
  },
});
const runs = Number(values.runs);
const CLI = resolve("bin/sera-bench.js");
if (!existsSync(resolve("dist/cli/main.js"))) throw new Error("dist/ is missing: run `npm run build` first");

const cases: { name: string; args: string[] }[] = [
  { name: "--help", args: ["--help"] },
  { name: "eval --help", args: ["eval", "--help"] },
  { name: `specs -i ${values.instance}`, args: ["specs", "--dataset", values.dataset, "-i", values.instance] },
];

interface Sample { wallMs: number; cpuMs: number; rssMiB: number }

function once(args: string[], dir: string): Sample {
  const usageFile = join(dir, "usage.json");
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", resolve("bench/cli-usage.mjs"), CLI, ...args], {
    env: { ...process.env, SERA_BENCH_USAGE_FILE: usageFile }, stdio: ["ignore", "ignore", "pipe"],
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`sera-bench ${args.join(" ")} exited ${child.status}: ${child.stderr.toString()}`);
  const usage = JSON.parse(readFileSync(usageFile, "utf8")) as { cpuUs: number; maxRssKiB: number };
  return { wallMs, cpuMs: usage.cpuUs / 1000, rssMiB: usage.maxRssKiB / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const dir = mkdtempSync(join(tmpdir(), "sera-bench-cli-"));
try {
  console.log(`sera-bench start-up, median of ${runs} runs (node ${process.version})`);
  console.log(`${"command".padEnd(36)}${"wall".padStart(10)}${"cpu".padStart(10)}${"peak rss".padStart(12)}`);
  for (const { name, args } of cases) {
    once(args, dir);
    const samples = Array.from({ length: runs }, () => once(args, dir));
    const wall = median(samples.map((s) => s.wallMs)) / 1000;
    const cpu = median(samples.map((s) => s.cpuMs)) / 1000;
    const rss = median(samples.map((s) => s.rssMiB));
    console.log(`${name.padEnd(36)}${`${wall.toFixed(2)} s`.padStart(10)}${`${cpu.toFixed(2)} s`.padStart(10)}${`${rss.toFixed(0)} MiB`.padStart(12)}`);
  }
  console.log("target: --help <= 0.30 s wall and <= 80 MiB on an idle machine");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
