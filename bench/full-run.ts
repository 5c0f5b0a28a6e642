/**
 * The process that runs `sera-bench <args>` for `npm run bench:full` (bench/full.ts), in-process so
 * that its own figures can be read: CPU (process.cpuUsage), memory (RSS, heap) each time the run
 * starts its 100th, 500th, 1,500th... agent container, the event-loop delay, and every Docker
 * Engine API call with its latency (the engine seam, src/sandbox/docker/op-timing.ts). Writes them
 * as JSON to $BENCH_FULL_FIGURES when the command returns.
 *
 *   node --import tsx bench/full-run.ts <checkpoints, e.g. 100,500,1500> <sera-bench args...>
 */
import { writeFile } from "node:fs/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { buildCli } from "../src/cli/build-cli.ts";
import { onDockerOperation } from "../src/sandbox/docker/op-timing.ts";
import { LABEL_ROLE } from "../src/sandbox/labels.ts";

export interface MemoryCheckpoint {
  readonly rollouts: number;
  readonly atS: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly cpuS: number;
}

export interface RunFigures {
  readonly wallS: number;
  readonly cpuUserS: number;
  readonly cpuSystemS: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
  readonly loopDelay: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };
  readonly checkpoints: readonly MemoryCheckpoint[];
  readonly agentContainers: number;
  readonly evalContainers: number;
  /** Per operation: every latency in ms (the parent computes percentiles). */
  readonly docker: Readonly<Record<string, { readonly ms: number[]; readonly failed: number }>>;
  readonly exitCode: number;
}

const [checkpointList = "", ...cliArgs] = process.argv.slice(2);
const checkpoints = new Set(checkpointList.split(",").filter((n) => n !== "").map(Number));
const out = process.env.BENCH_FULL_FIGURES;
if (out === undefined) throw new Error("BENCH_FULL_FIGURES: the file to write the figures to");

const mb = (bytes: number) => bytes / 2 ** 20;
const started = performance.now();
const cpu0 = process.cpuUsage();
const delay = monitorEventLoopDelay({ resolution: 20 });
delay.enable();
const docker: Record<string, { ms: number[]; failed: number }> = {};
const reached: MemoryCheckpoint[] = [];
let agents = 0;
let evals = 0;
let peakRss = 0;
let peakHeap = 0;

function sample(rollouts: number): void {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage(cpu0);
  reached.push({ rollouts, atS: (performance.now() - started) / 1000, rssMb: mb(memory.rss), heapUsedMb: mb(memory.heapUsed), cpuS: (cpu.user + cpu.system) / 1e6 });
}

onDockerOperation((operation) => {
  const entry = (docker[operation.op] ??= { ms: [], failed: 0 });
  entry.ms.push(operation.ms);
  if (!operation.ok) entry.failed++;
  if (operation.op !== "create" || !operation.ok) return;
  if (operation.labels?.[LABEL_ROLE] === "eval") evals++;
  if (operation.labels?.[LABEL_ROLE] !== "agent") return;
  agents++;
  if (checkpoints.has(agents)) sample(agents);
});
const peaks = setInterval(() => {
  const memory = process.memoryUsage();
  peakRss = Math.max(peakRss, memory.rss);
  peakHeap = Math.max(peakHeap, memory.heapUsed);
}, 500);
peaks.unref();

let exitCode = 0;
try {
  await (await buildCli(cliArgs)).parseAsync();
  exitCode = typeof process.exitCode === "number" ? process.exitCode : 0;
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  exitCode = 1;
} finally {
  clearInterval(peaks);
  delay.disable();
}
sample(agents);
const cpu = process.cpuUsage(cpu0);
const memory = process.memoryUsage();
const figures: RunFigures = {
  wallS: (performance.now() - started) / 1000, cpuUserS: cpu.user / 1e6, cpuSystemS: cpu.system / 1e6,
  peakRssMb: mb(Math.max(peakRss, memory.rss)), peakHeapMb: mb(Math.max(peakHeap, memory.heapUsed)),
  loopDelay: { p50Ms: delay.percentile(50) / 1e6, p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6 },
  checkpoints: reached, agentContainers: agents, evalContainers: evals, docker, exitCode,
};
await writeFile(out, JSON.stringify(figures));
process.exitCode = exitCode;
