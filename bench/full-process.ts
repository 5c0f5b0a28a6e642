/** The processes of `npm run bench:full`: the scripted server, the run and the reports, each a TypeScript child (no build needed). */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createInterface } from "node:readline";

function tsChild(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", ...args], { stdio: ["ignore", "pipe", "pipe"], env });
}

/** `serve-scripted` in its own process (its CPU is not the harness's); `stop` returns how many requests it answered. */
export async function startServer(script: string, latencyMs: number): Promise<{ baseUrl: string; stop: () => Promise<number> }> {
  const child = tsChild(["src/cli/main.ts", "serve-scripted", "--script", script, "--latency-ms", String(latencyMs)], process.env);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    void exited.then(() => reject(new Error(`serve-scripted exited before printing its URL: ${stderr}`)));
  });
  return {
    baseUrl: baseUrl.trim(),
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
      return Number(/after (\d+) request/.exec(stderr)?.[1] ?? 0);
    },
  };
}

/** A TypeScript child with its output in `log`; each line is also handed to `onLine` (with the time it came); rejects on a non-zero exit. */
export async function runChild(args: readonly string[], env: NodeJS.ProcessEnv, log: string, onLine?: (line: string, at: number) => void): Promise<void> {
  const child = tsChild(args, env);
  const file = createWriteStream(log);
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      file.write(`${line}\n`);
      onLine?.(line, performance.now());
    });
  }
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  await new Promise<void>((resolve) => file.end(resolve));
  if (code !== 0) throw new Error(`${args.join(" ").slice(0, 200)} exited with ${code}: see ${log}`);
}

/** The q-th percentile of sorted numbers (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))]!;
}
