import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireCommands } from "./test-deps.ts";
import { waitFor } from "./wait.ts";

/**
 * Debian's docker-registry on 127.0.0.1 (a free port), storage in a temp folder; a child of the test
 * process, stopped by `stop()`. Fails at once, naming the set-up script, when it is not installed,
 * and at once when it exits before answering.
 */
export async function startRegistry(): Promise<{ port: number; stop(): void }> {
  requireCommands("docker-registry", "docker-registry");
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "sera-registry-"));
  const config = join(dir, "config.yml");
  await writeFile(config, `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child: ChildProcess = spawn("docker-registry", ["serve", config], { stdio: "ignore" });
  let ended: string | undefined;
  child.on("error", (error) => (ended = error.message));
  child.on("exit", (code, signal) => (ended = `exited (${signal ?? `code ${code ?? "?"}`})`));
  try {
    await waitFor(async () => {
      if (ended !== undefined) throw new Error(`docker-registry serve ${config}: ${ended} before answering on 127.0.0.1:${port}`);
      return (await answers(port)) ? true : undefined;
    }, `docker-registry answering on 127.0.0.1:${port}`, 60_000);
  } catch (error) {
    child.kill();
    throw error;
  }
  return { port, stop: () => child.kill() };
}

export interface ProxyStats {
  requests: number;
  tooMany: number;
  serverErrors: number;
}

/**
 * A registry front that answers 429 (in the registry's JSON error form) past `limit` requests per
 * `windowMs`, and 500 to the first manifest request whose path contains `failOnce`.
 */
export async function startRateLimitedProxy(target: number, limit: number, windowMs: number, failOnce: string): Promise<{ port: number; stats: ProxyStats; server: Server }> {
  const stats: ProxyStats = { requests: 0, tooMany: 0, serverErrors: 0 };
  const starts: number[] = [];
  let failed = false;
  const server = createServer((req, res) => {
    stats.requests++;
    const now = Date.now();
    while (starts.length > 0 && (starts[0] ?? 0) <= now - windowMs) starts.shift();
    if (!failed && req.url?.includes(failOnce) === true && req.url.includes("/manifests/")) {
      failed = true;
      stats.serverErrors++;
      res.writeHead(500, { "content-type": "text/plain" }).end("internal error");
      return;
    }
    if (starts.length >= limit) {
      stats.tooMany++;
      const body = JSON.stringify({ errors: [{ code: "TOOMANYREQUESTS", message: "You have reached your pull rate limit (test proxy)" }] });
      res.writeHead(429, { "content-type": "application/json", "retry-after": "1" }).end(body);
      return;
    }
    starts.push(now);
    const upstream = request({ host: "127.0.0.1", port: target, path: req.url, method: req.method, headers: { ...req.headers, host: `127.0.0.1:${target}` } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, stats, server };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/v2/", method: "GET", timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("error", () => resolve(false));
    req.end();
  });
}
