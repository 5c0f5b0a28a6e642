/** Shared by the agent benches: the scripted server in a child process, and CPU/RSS/event-loop figures of a piece of work. */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { availableParallelism, loadavg } from "node:os";
import { createInterface } from "node:readline";

/** `sera-bench serve-scripted` in a child process (its CPU is not ours); resolves with its base URL (its first stdout line). */
export async function startServerProcess(script: string, latencyMs: number): Promise<{ baseUrl: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["bin/sera-bench.js", "serve-scripted", "--script", script, "--latency-ms", String(latencyMs)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`serve-scripted exited (code ${code}) before printing its URL`)));
  });
  return { baseUrl: baseUrl.trim(), child };
}

/** Samples RSS every 100 ms (and the event loop delay) while `work` runs. */
export async function measured<T>(work: () => Promise<T>) {
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const value = await work();
    const cpu = process.cpuUsage(cpu0);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const mb = (bytes: number) => bytes / 2 ** 20;
    return {
      value, wallS: (performance.now() - t0) / 1000, cpuMs: (cpu.user + cpu.system) / 1000, baseRssMb: mb(baseRss), peakRssMb: mb(peakRss),
      loopDelayP99Ms: delay.percentile(99) / 1e6, loopDelayMaxMs: delay.max / 1e6,
    };
  } finally {
    clearInterval(sampler);
    delay.disable();
  }
}

/** The event loop delay of this process doing nothing for `ms` (what the machine's load alone adds), and the load. */
export async function idleLoopDelay(ms: number): Promise<{ p99Ms: number; maxMs: number; loadAverage: number; cores: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  await new Promise((resolve) => setTimeout(resolve, ms));
  delay.disable();
  return { p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6, loadAverage: loadavg()[0]!, cores: availableParallelism() };
}
