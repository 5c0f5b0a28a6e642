/**
 * Round trip of a trivial command (`echo hi`) in the persistent bash session of the agent tools:
 * bash -n check + send + prompt + exit code, as every bash tool call does (target: median <= 15 ms).
 * Used by bench/agent.ts (npm run bench:agent); also runs on its own:
 *   npx tsx bench/agent-bash.ts [image] [iterations]
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { BashSession } from "../src/tools/bash/session.ts";
import { HelperShell } from "../src/tools/container/helper-shell.ts";
import { DockerEngine } from "../src/sandbox/docker/engine.ts";

export const DEFAULT_BASH_IMAGE = "sera-bench/sweb.eval.x86_64.sera-bench_1776_semver-1:latest";

export interface BashRoundTripOptions {
  readonly image: string;
  /** Timed calls (after the warm-up). */
  readonly iterations: number;
  /** Untimed calls first. */
  readonly warmup: number;
}

export interface BashRoundTrip {
  readonly calls: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

/** The q-quantile (nearest rank) of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Starts a container with a bash session, times `echo hi` round trips, removes the container. */
export async function measureBashRoundTrip(options: BashRoundTripOptions): Promise<BashRoundTrip> {
  const engine = new DockerEngine({ pullPolicy: { attempts: 1, baseDelayMs: 50, maxDelayMs: 200 } });
  const sandbox = await engine.create({
    image: options.image, name: `sera-bench-agent-bash-${Date.now()}`, labels: { "sera-bench": "1", "sera-bench.bench": "agent-bash" },
  });
  try {
    const helper = await HelperShell.start(sandbox);
    await helper.text("mkdir -p /tmp/.sera-tools", "bench dir");
    const session = await BashSession.start(sandbox, helper, { startupSource: ["/root/.bashrc"], pidFile: "/tmp/.sera-tools/session.pid" });
    try {
      const times = await timeCalls(session, options);
      return { calls: times.length, medianMs: quantile(times, 0.5), p95Ms: quantile(times, 0.95), maxMs: quantile(times, 1) };
    } finally {
      session.close();
      helper.close();
    }
  } finally {
    await sandbox.remove();
  }
}

/** Sorted durations (ms) of the timed calls. */
async function timeCalls(session: BashSession, options: BashRoundTripOptions): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < options.warmup + options.iterations; i++) {
    const started = performance.now();
    const result = await session.run("echo hi", 10_000);
    if (result.kind !== "output" || result.output !== "hi\n") throw new Error(`bash round trip: expected output "hi\\n", got ${JSON.stringify(result)}`);
    if (i >= options.warmup) times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

export function formatBashRoundTrip(r: BashRoundTrip): string {
  return `bash round trip over ${r.calls} calls: median ${r.medianMs.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(2)} ms`;
}

function isMain(): boolean {
  const script = process.argv[1];
  return script !== undefined && import.meta.url === pathToFileURL(realpathSync(script)).href;
}

if (isMain()) {
  const image = process.argv[2] ?? DEFAULT_BASH_IMAGE;
  const iterations = Number(process.argv[3] ?? 200);
  measureBashRoundTrip({ image, iterations, warmup: 10 }).then(
    (result) => console.log(formatBashRoundTrip(result)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
