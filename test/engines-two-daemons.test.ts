/**
 * Several Docker-compatible engines: the sample evaluated across two daemons on this machine (the
 * second one started by scripts/start-second-docker.sh), each instance pulled and run on the
 * engine that leased it, with the verdicts of a one-engine run; engine addresses parse or fail clearly.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_IMAGE_NAMING } from "../src/evaluation/image-name.ts";
import { runEvaluation } from "../src/executor/executors.ts";
import { enginePoolFor, pingAll } from "../src/sandbox/engines.ts";
import { parseEngineAddress } from "../src/sandbox/docker/address.ts";
import { DockerEngine } from "../src/sandbox/docker/engine.ts";
import { EnginePool, parseHostSpec } from "../src/sandbox/engine-pool.ts";
import { loadSampleInstances } from "../src/images/sample-images.ts";

const SECOND = "unix:///run/sera-bench-docker2.sock";
let outputDir: string;

beforeAll(async () => {
  execFileSync("bash", ["scripts/ensure-docker.sh"], { stdio: "inherit" });
  execFileSync("npx", ["tsx", "src/cli/main.ts", "images", "build-sample"], { stdio: "inherit" });
  const images = (await loadSampleInstances("instances/sample")).map((s) => s.image);
  execFileSync("bash", ["scripts/start-second-docker.sh", ...images], { stdio: "inherit" });
  outputDir = await mkdtemp(join(tmpdir(), "sera-engines-"));
}, 600_000);

describe("two Docker daemons", () => {
  it("spreads the sample over both, with the verdicts of the gold patches", async () => {
    const pool = enginePoolFor([{ address: "unix:///var/run/docker.sock", slots: 1 }, { address: SECOND, slots: 1 }], 1);
    await pingAll(pool, "this machine");
    const summary = await runEvaluation(
      { dataset: "instances/sample", split: "test", predictions: "gold", runId: "two-daemons", selection: {}, workers: 2, timeoutSeconds: 600,
        naming: DEFAULT_IMAGE_NAMING, outputDir, redo: true, generate: false, limits: {} },
      { engine: pool.engines[0] as DockerEngine, pool, onNotice: () => undefined },
    );
    expect(summary.results.map((r) => r.status)).toEqual(Array(6).fill("resolved"));
    const served = pool.served;
    expect(served["unix:///var/run/docker.sock"]).toBeGreaterThan(0);
    expect(served[SECOND]).toBeGreaterThan(0);
    expect((served["unix:///var/run/docker.sock"] ?? 0) + (served[SECOND] ?? 0)).toBe(6);
  });

  it("names the engine that does not answer", async () => {
    const pool = enginePoolFor([{ address: "unix:///run/no-such-docker.sock", slots: 1 }], 1);
    await expect(pingAll(pool, "node x")).rejects.toThrow(/node x: no container engine answers at unix:\/\/\/run\/no-such-docker\.sock/);
  });
});

describe("engine addresses", () => {
  it("parses unix, tcp and ssh addresses and ADDRESS=WORKERS", () => {
    expect(parseEngineAddress("unix:///run/x.sock")).toEqual({ kind: "unix", socketPath: "/run/x.sock" });
    expect(parseEngineAddress("tcp://10.0.0.2:2375", {})).toEqual({ kind: "tcp", host: "10.0.0.2", port: 2375, tls: false });
    expect(parseEngineAddress("ssh://me@gpu-3", {})).toEqual({ kind: "ssh", host: "gpu-3", port: 22, username: "me" });
    expect(() => parseEngineAddress("http://x:1")).toThrow(/unknown scheme http:/);
    expect(parseHostSpec("ssh://me@gpu-3=8", 2)).toEqual({ address: "ssh://me@gpu-3", slots: 8 });
    expect(parseHostSpec("unix:///run/x.sock", 2)).toEqual({ address: "unix:///run/x.sock", slots: 2 });
    expect(() => parseHostSpec("unix:///x=0", 1)).toThrow(/worker count >= 1/);
  });

  it("an explicit unix address wins over DOCKER_HOST", () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = "tcp://192.0.2.1:2375";
    try {
      const engine = new DockerEngine({ address: SECOND });
      expect(engine.describe).toBe(SECOND);
      expect((engine.docker.modem as unknown as { socketPath?: string; host?: string }).socketPath).toBe("/run/sera-bench-docker2.sock");
      expect((engine.docker.modem as unknown as { host?: string }).host).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  it("a pool leases the freest engine and waits when all are busy", async () => {
    const fake = (describe: string) => ({ describe }) as unknown as DockerEngine;
    const pool = new EnginePool([{ engine: fake("a"), slots: 2 }, { engine: fake("b"), slots: 1 }]);
    let running = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 9 }, () => pool.lease(async () => {
      peak = Math.max(peak, ++running);
      // Yield (no timer): the other leases run up to the pool's limit before this one ends.
      await new Promise((r) => setImmediate(r));
      running--;
    })));
    expect(peak).toBe(3);
    expect(pool.served).toEqual({ a: 6, b: 3 });
  });
});
