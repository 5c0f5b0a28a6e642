/**
 * The leak guard's cost for bench:eval: on each instance of the sample and of instances/leak, a fresh
 * agent container per round, timed around the clean-up (the figure a trajectory records in
 * `info.leak_guard.ms`). Figures only.
 */
import { runLeakGuard } from "../src/agent/leak-guard.ts";
import { buildSampleImages, loadSampleInstances } from "../src/images/sample-images.ts";
import { startAgentContainer } from "../src/run/jobs/rollout.ts";
import { DockerEngine } from "../src/sandbox/docker/engine.ts";
import { runLabels } from "../src/sandbox/labels.ts";

export async function printLeakGuardCost(rounds: number, median: (values: number[]) => number): Promise<void> {
  await buildSampleImages({ instancesDir: "instances/leak" });
  const samples = [...(await loadSampleInstances("instances/sample")), ...(await loadSampleInstances("instances/leak"))];
  const engine = new DockerEngine();
  const runId = `bench-leak-guard-${process.pid}`;
  const ctx = { engine, runId, labels: runLabels(runId, "agent"), limitsContainer: { network: "bridge" } };
  const ms: number[] = [];
  let removed = 0;
  for (let round = 0; round < rounds; round++) {
    for (const sample of samples) {
      const sandbox = await startAgentContainer(sample.instance, sample.image, ctx);
      try {
        const info = await runLeakGuard(sandbox);
        ms.push(info.ms);
        removed += info.removed_refs.length;
      } finally {
        await sandbox.remove();
      }
    }
  }
  console.log(`\nleak guard (git clean-up before a rollout): ${ms.length} runs on ${samples.length} instances`);
  console.log(`  median ${median(ms).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms; refs removed: ${removed}`);
}
