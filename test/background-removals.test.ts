/**
 * Finished containers are removed off the critical path (issue 21, item 3): the next instance does
 * not wait for a removal, at most `limit` removals run at once, and every removal has ended when
 * the run returns.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackgroundRemovals } from "../src/sandbox/removals.ts";
import type { Sandbox } from "../src/sandbox/types.ts";
import { LABEL_RUN_ID } from "../src/sandbox/labels.ts";
import { BASE_IMAGE, testEngine, testLabels } from "./helpers/docker.ts";
import { evalSample, prepareSampleImages, tempDir } from "./helpers/eval-run.ts";

const engine = testEngine();
const suite = testLabels("background-removals");

beforeAll(() => prepareSampleImages(), 600_000);
afterAll(async () => {
  for (const c of await engine.listByLabels(suite)) await engine.removeById(c.id);
});

/** The real container, counting how many of its kind are being removed at once. */
function counted(sandbox: Sandbox, gauge: { now: number; max: number }): Sandbox {
  return Object.assign(Object.create(sandbox) as Sandbox, {
    remove: async () => {
      gauge.max = Math.max(gauge.max, ++gauge.now);
      try {
        await sandbox.remove();
      } finally {
        gauge.now--;
      }
    },
  });
}

describe("background removals", () => {
  it("returns at once, removes at most `limit` at a time, and settles when all are gone", async () => {
    const gauge = { now: 0, max: 0 };
    const created = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      engine.create({ image: BASE_IMAGE, name: `sera-bg-removal-${process.pid}-${i}`, labels: suite })));
    const removals = new BackgroundRemovals(2);
    for (const sandbox of created) removals.add(counted(sandbox, gauge));
    expect(removals.pending).toBe(6);
    await removals.settled();
    expect(removals.pending).toBe(0);
    expect(gauge.max).toBe(2);
    expect(removals.failures).toEqual([]);
    expect(await engine.listByLabels(suite)).toEqual([]);
  }, 120_000);

  it("an evaluation run returns only when its containers are removed", async () => {
    const runId = `bg-removal-${process.pid}-${Date.now()}`;
    const summary = await evalSample({ predictions: "gold", runId, outputDir: await tempDir("bg-removal"), workers: 2 }, () => undefined, engine);
    expect(summary.results.map((r) => r.status)).toEqual(Array(6).fill("resolved"));
    expect(await engine.listByLabels({ [LABEL_RUN_ID]: runId })).toEqual([]);
  }, 600_000);
});
