/**
 * Faults during evaluation, real Docker: each becomes a per-instance result with its reason, and
 * nothing stops the other instances.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { testEngine, waitFor, waitForProcess } from "./helpers/docker.ts";
import { evalSample, newFilePrediction, prepareSampleImages, tempDir } from "./helpers/eval-run.ts";

const ID = "sera-bench__intervals-1";
let dir: string;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("eval-faults");
});

describe("eval faults", () => {
  it("a test run that hangs is killed at --timeout and recorded as an error", async () => {
    const predictions = await newFilePrediction(dir, "hang", ID, "conftest.py", ["import time", "time.sleep(600)"]);
    const started = Date.now();
    const run = await evalSample({ predictions, runId: "hang", outputDir: dir, timeoutSeconds: 5, selection: { instanceIds: [ID] } });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(run.report.error_ids).toEqual([ID]);
    expect(run.results[0]?.error).toBe("eval script timed out after 5 s (killed)");
    const output = readFileSync(join(dir, "hang", "logs", ID, "test_output.txt"), "utf8");
    expect(output.endsWith("\n\nTimeout error: 5 seconds exceeded.")).toBe(true);
    expect(existsSync(join(dir, "hang", "logs", ID, "report.json"))).toBe(false);
  });

  it("100 MB of non-UTF-8 output is capped with a note, decoded with replacements, and still graded", async () => {
    const predictions = await newFilePrediction(dir, "flood", ID, "conftest.py", [
      "import atexit, os",
      "# at exit, once pytest no longer captures output",
      "atexit.register(lambda: os.write(1, b'\\xff\\xfe' + b'x' * 100_000_000 + b'\\n'))",
    ]);
    const run = await evalSample({ predictions, runId: "flood", outputDir: dir, selection: { instanceIds: [ID] } });
    const result = run.results[0];
    expect(result?.status).toBe("unresolved");
    expect(result?.test_output_truncated).toBe(true);
    expect(result?.strict?.flags).toContain("conftest_touched");
    const output = readFileSync(join(dir, "flood", "logs", ID, "test_output.txt"), "utf8");
    expect(output.length).toBeLessThan(11 * 2 ** 20);
    expect(output).toContain("\uFFFD\uFFFDxxxx");
    expect(output).toMatch(/output truncated, \d+ bytes dropped/);
    expect(output).toContain(">>>>> End Test Output");
  });

  it("a container that dies during the eval script is an error naming it, and other instances go on", async () => {
    const predictions = await newFilePrediction(dir, "victim", ID, "conftest.py", ["import time", "time.sleep(60)"]);
    const engine = testEngine();
    // Kill the container once the tests (held by the conftest's sleep) run in it.
    const killer = (async () => {
      const container = await waitFor(async () => (await engine.listByLabels({ "sera-bench.run-id": "victim", "sera-bench.instance-id": ID }))[0], "the eval container");
      await waitForProcess(engine, container.id, /pytest/);
      await engine.docker.getContainer(container.id).kill().catch(() => undefined);
    })();
    const run = await evalSample({
      predictions, runId: "victim", outputDir: dir, timeoutSeconds: 120,
      selection: { instanceIds: [ID] },
    });
    await killer;
    expect(run.report.error_ids).toEqual([ID]);
    expect(run.results[0]?.error).toMatch(/container (stopped|is gone)/);
    expect(await engine.listByLabels({ "sera-bench.run-id": "victim" })).toEqual([]);
  });

  it("a container killed in the first moment of the eval script is an error, and a re-run retries it", async () => {
    const engine = testEngine();
    // Kill as soon as the eval script's process shows: before Docker has marked anything stopped.
    const killer = (async () => {
      const container = await waitFor(async () => (await engine.listByLabels({ "sera-bench.run-id": "early", "sera-bench.instance-id": ID }))[0], "the eval container");
      await waitForProcess(engine, container.id, /eval\.sh/, 180_000);
      await engine.docker.getContainer(container.id).kill().catch(() => undefined);
    })();
    const run = await evalSample({ predictions: "gold", runId: "early", outputDir: dir, timeoutSeconds: 120, selection: { instanceIds: [ID] } });
    await killer;
    expect(run.report.error_ids).toEqual([ID]);
    expect(run.report.resolved_ids).toEqual([]);
    const again = await evalSample({ predictions: "gold", runId: "early", outputDir: dir, timeoutSeconds: 120, selection: { instanceIds: [ID] } });
    expect(again.results.map((r) => r.status)).toEqual(["resolved"]);
  });

  it("a container killed while Docker still calls it running is an error, not a failed test run", async () => {
    // Docker can report a killed container as running for a moment after its exec ended; this
    // engine makes that moment last, so only an answer from inside the container can tell.
    const real = testEngine();
    const lagging = Object.assign(Object.create(real) as typeof real, {
      create: async (spec: Parameters<typeof real.create>[0]) => {
        const sandbox = await real.create(spec);
        return Object.assign(Object.create(sandbox) as typeof sandbox, { state: async () => ({ running: true }) });
      },
    });
    const killer = (async () => {
      const container = await waitFor(async () => (await real.listByLabels({ "sera-bench.run-id": "lag", "sera-bench.instance-id": ID }))[0], "the eval container");
      await waitForProcess(real, container.id, /eval\.sh/, 180_000);
      await real.docker.getContainer(container.id).kill().catch(() => undefined);
    })();
    const run = await evalSample({ predictions: "gold", runId: "lag", outputDir: dir, timeoutSeconds: 120, selection: { instanceIds: [ID] } }, undefined, lagging);
    await killer;
    expect(run.results.map((r) => r.status)).toEqual(["error"]);
    expect(run.results[0]?.error).toMatch(/container stopped/);
    expect(existsSync(join(dir, "lag", "logs", ID, "report.json"))).toBe(false);
  });

  it("a pull failure is a per-instance error with its reason", async () => {
    const run = await evalSample({
      predictions: "gold", runId: "no-image", outputDir: dir,
      naming: { namespace: "127.0.0.1:9", arch: "x86_64", tag: "latest", ignoreRowImage: true },
      selection: { instanceIds: [ID, "sera-bench__semver-1"] },
    });
    expect(run.report.error_ids).toEqual([ID, "sera-bench__semver-1"]);
    expect(run.results[0]?.error).toMatch(/^could not pull 127\.0\.0\.1:9\/sweb\.eval\.x86_64\.sera-bench_1776_intervals-1:latest: /);
  });
});
