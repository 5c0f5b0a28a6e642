/**
 * A sample-format dataset folder whose images were never built: `eval` builds them (a line per
 * image), then uses the cache. The copy of one sample instance gets an image name of its own, so
 * the shared sample images and other suites are left alone.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDockerAndBaseImage } from "./helpers/docker.ts";
import { evalSample, SAMPLE_DIR, tempDir } from "./helpers/eval-run.ts";

const ID = "sera-bench__csvlite-1";
const IMAGE = `sera-bench-test/on-demand-${process.pid}:latest`;

function imageExists(image: string): boolean {
  return spawnSync("docker", ["image", "inspect", image], { stdio: "ignore" }).status === 0;
}

describe("sample images on demand", () => {
  let dir = "";
  beforeAll(async () => {
    ensureDockerAndBaseImage();
    dir = await tempDir("on-demand");
    const dataset = join(dir, "dataset");
    await cp(join(SAMPLE_DIR, ID), join(dataset, ID), { recursive: true });
    const file = join(dataset, ID, "instance.json");
    const row = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...row, image: IMAGE }, null, 2));
  });
  afterAll(async () => {
    spawnSync("docker", ["image", "rm", "-f", IMAGE], { stdio: "ignore" });
    await rm(dir, { recursive: true, force: true });
  });

  it("eval builds a missing image, then finds it cached", { timeout: 900_000 }, async () => {
    expect(imageExists(IMAGE)).toBe(false);
    const notices: string[] = [];
    const first = await evalSample({ dataset: join(dir, "dataset"), predictions: "gold", runId: "first", outputDir: join(dir, "runs") }, (line) => notices.push(line));
    expect(first.results.map((r) => [r.instance_id, r.status])).toEqual([[ID, "resolved"]]);
    expect(notices).toContain(`building ${IMAGE}`);
    expect(imageExists(IMAGE)).toBe(true);
    const label = execFileSync("docker", ["image", "inspect", "--format", "{{index .Config.Labels \"sera-bench.content-hash\"}}", IMAGE], { encoding: "utf8" });
    expect(label.trim()).toMatch(/^[0-9a-f]{64}$/);

    const again: string[] = [];
    const second = await evalSample({ dataset: join(dir, "dataset"), predictions: "gold", runId: "second", outputDir: join(dir, "runs") }, (line) => again.push(line));
    expect(second.results.map((r) => r.status)).toEqual(["resolved"]);
    expect(again.filter((line) => line.startsWith("building"))).toEqual([]);
  });
});
