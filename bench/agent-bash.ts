/**
 * Round trip of a trivial command (`echo hi`) in the persistent bash session of the agent tools:
 * bash -n check + send + prompt + exit code, as every bash tool call does (target: median <= 15 ms).
 * Usage: npx tsx bench/agent-bash.ts [image] [iterations]
 */
import { BashSession } from "../src/agent/tools/bash/session.ts";
import { HelperShell } from "../src/agent/tools/container/helper-shell.ts";
import { DockerEngine } from "../src/sandbox/docker/engine.ts";

const image = process.argv[2] ?? "sera-bench/sweb.eval.x86_64.sera-bench_1776_semver-1:latest";
const iterations = Number(process.argv[3] ?? 200);

async function main(): Promise<void> {
  const engine = new DockerEngine({ pullPolicy: { attempts: 1, baseDelayMs: 50, maxDelayMs: 200 } });
  const sandbox = await engine.create({ image, name: `sera-bench-agent-bash-${Date.now()}`, labels: { "sera-bench": "1", "sera-bench.bench": "agent-bash" } });
  try {
    const helper = await HelperShell.start(sandbox);
    await helper.text("mkdir -p /tmp/.sera-tools", "bench dir");
    const session = await BashSession.start(sandbox, helper, { startupSource: ["/root/.bashrc"], pidFile: "/tmp/.sera-tools/session.pid" });
    const times: number[] = [];
    for (let i = 0; i < iterations + 10; i++) {
      const started = performance.now();
      const result = await session.run("echo hi", 10_000);
      if (result.kind !== "output" || result.output !== "hi\n") throw new Error(`unexpected result ${JSON.stringify(result)}`);
      if (i >= 10) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN).toFixed(2);
    console.log(`bash round trip over ${times.length} calls: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
    session.close();
    helper.close();
  } finally {
    await sandbox.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
