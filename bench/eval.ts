/**
 * npm run bench:eval — evaluates the bundled sample's gold patches several times at 1 and 2 workers
 * and prints per-phase medians and the harness overhead per instance (everything but the eval
 * script; the container is made ready while the instance waits for its slot and removed in the
 * background, so the run's wall time per instance is printed too). Target: overhead below 0.3 s.
 * Then the leak guard's cost per agent container (bench/leak-guard-cost.ts). Figures only; nothing here asserts.
 *
 *   npm run bench:eval -- [--rounds 3] [--workers 1,2]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_IMAGE_NAMING } from "../src/evaluation/image-name.ts";
import { PHASES } from "../src/evaluation/outcome.ts";
import type { InstanceResult, Phase } from "../src/evaluation/outcome.ts";
import { runEvaluation } from "../src/executor/executors.ts";
import { DockerEngine } from "../src/sandbox/docker/engine.ts";
import { buildSampleImages } from "../src/images/sample-images.ts";
import { printLeakGuardCost } from "./leak-guard-cost.ts";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "3" }, workers: { type: "string", default: "1,2" } } });
const rounds = Number(values.rounds);
const workerCounts = values.workers.split(",").map(Number);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function wallMs(result: InstanceResult): number {
  return Date.parse(result.finished_at) - Date.parse(result.started_at);
}

async function measure(workers: number, outputDir: string): Promise<{ results: InstanceResult[]; wallMs: number[] }> {
  const engine = new DockerEngine();
  const results: InstanceResult[] = [];
  const walls: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const started = performance.now();
    const summary = await runEvaluation(
      {
        dataset: "instances/sample", split: "test", predictions: "gold", runId: `bench-w${workers}-r${round}`, selection: {},
        workers, timeoutSeconds: 1800, naming: DEFAULT_IMAGE_NAMING, outputDir, redo: true, generate: false, limits: {},
      },
      { engine, onNotice: () => undefined },
    );
    walls.push(performance.now() - started);
    const evaluated = summary.results.filter((r) => r.status !== "empty");
    const notResolved = evaluated.filter((r) => r.status !== "resolved");
    if (notResolved.length > 0) throw new Error(`gold run not fully resolved: ${notResolved.map((r) => `${r.instance_id}=${r.status}`).join(", ")}`);
    results.push(...evaluated);
  }
  return { results, wallMs: walls };
}

function printFigures(workers: number, results: InstanceResult[], walls: number[]): void {
  const row = (phase: Phase) => `  ${phase.padEnd(8)} ${median(results.map((r) => r.timings_ms[phase] ?? 0)).toFixed(0).padStart(7)} ms`;
  const overhead = results.map((r) => wallMs(r) - (r.timings_ms.eval ?? 0));
  console.log(`\nworkers=${workers}: ${results.length} instance evaluations over ${rounds} rounds`);
  console.log(PHASES.map(row).join("\n"));
  const unphased = results.map((r) => wallMs(r) - Object.values(r.timings_ms).reduce((sum, ms) => sum + ms, 0));
  console.log(`  outside any phase: median ${median(unphased).toFixed(0)} ms`);
  console.log(`  eval-script share: median ${median(results.map((r) => r.timings_ms.eval ?? 0)).toFixed(0)} ms`);
  console.log(`  harness overhead per instance (wall - eval script): median ${median(overhead).toFixed(0)} ms, max ${Math.max(...overhead).toFixed(0)} ms`);
  console.log(`  run wall time: median ${(median(walls) / 1000).toFixed(2)} s for ${results.length / rounds} instances`);
  // With containers made ready early and removed in the background, part of the work is outside
  // an instance's own wall time: this line charges the whole run's time to its instances.
  const perInstance = (median(walls) * workers) / (results.length / rounds);
  console.log(`  run wall x workers / instances - eval script: ${(perInstance - median(results.map((r) => r.timings_ms.eval ?? 0))).toFixed(0)} ms per instance`);
}

await buildSampleImages({ instancesDir: "instances/sample" });
const outputDir = await mkdtemp(join(tmpdir(), "sera-bench-bench-"));
try {
  for (const workers of workerCounts) {
    const { results, wallMs: walls } = await measure(workers, outputDir);
    printFigures(workers, results, walls);
  }
  await printLeakGuardCost(rounds, median);
} finally {
  await rm(outputDir, { recursive: true, force: true });
}
