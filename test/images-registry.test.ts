/**
 * Images at scale against a real registry (Debian's docker-registry on 127.0.0.1) behind a proxy
 * that enforces a rate limit (429) and fails once (500): `pullMany` backs off and gets every image;
 * `planPrune`/`applyPrune` keep the budget, least recently used first, never an image in use.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { footprint, listImages } from "../src/images/inventory.ts";
import { applyPrune, planPrune } from "../src/images/prune.ts";
import { pullMany } from "../src/images/pull-many.ts";
import { parseRate, WindowRateLimiter } from "../src/images/rate-limit.ts";
import { recordImageUse } from "../src/images/usage.ts";
import { loadSampleInstances } from "../src/images/sample-images.ts";
import { testEngine } from "./helpers/docker.ts";
import { startRateLimitedProxy, startRegistry } from "./helpers/registry.ts";
import { requireCommands } from "./helpers/test-deps.ts";

const engine = testEngine();
const docker = (...args: string[]) => execFileSync("docker", args, { stdio: ["ignore", "pipe", "pipe"] }).toString();
let registry: { port: number; stop(): void };
let proxy: Awaited<ReturnType<typeof startRateLimitedProxy>>;
let sampleImages: string[];
const testRef = (port: number, image: string) => `127.0.0.1:${port}/sera-test/${image.split("/").pop() ?? image}`;

beforeAll(async () => {
  execFileSync("bash", ["scripts/ensure-docker.sh"], { stdio: "inherit" });
  requireCommands("docker-registry", "docker-registry");
  execFileSync("npx", ["tsx", "src/cli/main.ts", "images", "build-sample"], { stdio: "inherit" });
  process.env.SERA_BENCH_STATE_DIR = await mkdtemp(join(tmpdir(), "sera-state-"));
  sampleImages = (await loadSampleInstances("instances/sample")).map((s) => s.image);
  registry = await startRegistry();
  proxy = await startRateLimitedProxy(registry.port, 6, 1000, "semver");
  for (const image of sampleImages) {
    docker("tag", image, testRef(registry.port, image));
    docker("push", testRef(registry.port, image));
    docker("rmi", testRef(registry.port, image));
  }
}, 600_000);

afterAll(async () => {
  for (const image of sampleImages ?? []) execFileSync("docker", ["rmi", "-f", testRef(proxy.port, image)], { stdio: "ignore" });
  proxy?.server.close();
  registry?.stop();
});

describe("images pull", () => {
  it("gets every image through 429s and a 500, within the rate limit, and is resumable", async () => {
    const images = sampleImages.map((image) => testRef(proxy.port, image));
    const limit = parseRate("4/1s");
    const retries: string[] = [];
    const events = await pullMany({
      docker: engine.docker, images, concurrency: 3, limiter: new WindowRateLimiter(limit.limit, limit.windowMs),
      attempts: 8, baseDelayMs: 200, maxDelayMs: 2000, onRetry: (image, reason) => retries.push(`${image}: ${reason}`),
    });
    expect(events.map((e) => e.status)).toEqual(Array(6).fill("pulled"));
    expect(proxy.stats.tooMany).toBeGreaterThan(0);
    expect(proxy.stats.serverErrors).toBe(1);
    expect(retries.some((line) => /toomanyrequests|429|rate limit/i.test(line))).toBe(true);
    for (const image of images) expect(docker("image", "inspect", "--format", "{{.Id}}", image).trim()).toMatch(/^sha256:/);

    const again = await pullMany({ docker: engine.docker, images, concurrency: 3, attempts: 1, baseDelayMs: 0, maxDelayMs: 0 });
    expect(again.map((e) => e.status)).toEqual(Array(6).fill("present"));
  });

  it("says what went wrong for an image the registry does not have, without retrying", async () => {
    const [event] = await pullMany({ docker: engine.docker, images: [`127.0.0.1:${registry.port}/sera-test/missing:latest`], concurrency: 1, attempts: 5, baseDelayMs: 10, maxDelayMs: 10 });
    expect(event?.status).toBe("failed");
    expect(event?.attempts, event?.reason).toBe(1);
    expect(event?.reason).toMatch(/missing:latest: .*manifest unknown\. Registry 127\.0\.0\.1:\d+ has no such image: .*--namespace, --image-template/);
  });
});

describe("images prune", () => {
  it("keeps the budget: least recently used first, never an image a container uses", async () => {
    const pattern = new RegExp(`^127\\.0\\.0\\.1:${proxy.port}/sera-test/`);
    const refs = sampleImages.map((image) => testRef(proxy.port, image));
    const base = Date.now() - 3_600_000;
    for (const [index, ref] of refs.entries()) await recordImageUse(engine.describe, ref, new Date(base + index * 60_000));
    const entries = await listImages(engine.docker, engine.describe, pattern);
    expect(entries).toHaveLength(6);
    const byRef = (ref: string) => entries.find((e) => e.refs.includes(ref));
    // The oldest image is in use (a container exists): it must stay although it is the least recent.
    // The engine is shared with the rest of the suite: an image another container holds (the copies share
    // their ids with the sample images) is rightly kept too, so it is counted with the kept ones.
    const containers = await engine.docker.listContainers({ all: true });
    const heldElsewhere = new Set(refs.filter((ref) => containers.some((c) => c.ImageID === byRef(ref)?.id)));
    const holder = await engine.create({ image: refs[0] as string, name: `sera-test-prune-${Date.now()}`, labels: { "sera-bench": "1", "sera-bench.test": "prune" } });
    try {
      const kept = refs.filter((ref, index) => index === 0 || index >= 4 || heldElsewhere.has(ref));
      const keep = kept.map((ref) => byRef(ref));
      const budget = footprint(keep.filter((e) => e !== undefined)) + 1;
      const plan = planPrune(await listImages(engine.docker, engine.describe, pattern), budget);
      expect(plan.remove.map((e) => e.refs[0])).toEqual([refs[1], refs[2], refs[3]].filter((ref) => !heldElsewhere.has(ref as string)));
      await applyPrune(engine.docker, plan, (line) => { throw new Error(line); });
      const left = await listImages(engine.docker, engine.describe, pattern);
      expect(left.map((e) => e.refs[0]).sort()).toEqual([...kept].sort());
      expect(footprint(left)).toBeLessThanOrEqual(budget);
      for (const image of sampleImages) expect(docker("image", "inspect", "--format", "{{.Id}}", image).trim()).toMatch(/^sha256:/);
    } finally {
      await holder.remove();
    }
  });
});
