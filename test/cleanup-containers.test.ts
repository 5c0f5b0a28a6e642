/** `sera-bench cleanup`: only containers of runs that are gone (owner host:pid dead), or all with --all. */
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupContainers, orphanedContainers } from "../src/sandbox/cleanup.ts";
import { BASE_IMAGE, ensureDockerAndBaseImage, testEngine } from "./helpers/docker.ts";

const engine = testEngine();
const suite = { "sera-bench": "1", "sera-bench.test": "cleanup" };
const DEAD_PID = 2 ** 22 + 12345; // above pid_max's default: never alive

beforeAll(() => ensureDockerAndBaseImage());
afterAll(async () => {
  for (const c of await engine.listByLabels(suite)) await engine.removeById(c.id);
});

describe("orphanedContainers", () => {
  const make = (owner: string | undefined) => ({ id: owner ?? "none", name: owner ?? "none", labels: owner === undefined ? {} : { "sera-bench.owner": owner } });
  it("keeps live and foreign owners, takes dead local ones; --all takes every one", () => {
    const containers = [make(`${hostname()}:${process.pid}`), make(`${hostname()}:${DEAD_PID}`), make(`other-host:${DEAD_PID}`), make(undefined)];
    expect(orphanedContainers(containers, { all: false }).map((c) => c.id)).toEqual([`${hostname()}:${DEAD_PID}`]);
    expect(orphanedContainers(containers, { all: true })).toHaveLength(4);
  });
});

describe("cleanupContainers on Docker", () => {
  it("removes the dead run's container and leaves the live one", async () => {
    const stamp = Date.now();
    const dead = await engine.create({ image: BASE_IMAGE, name: `sera-test-cleanup-dead-${stamp}`, labels: { ...suite, "sera-bench.owner": `${hostname()}:${DEAD_PID}` } });
    const live = await engine.create({ image: BASE_IMAGE, name: `sera-test-cleanup-live-${stamp}`, labels: { ...suite, "sera-bench.owner": `${hostname()}:${process.pid}` } });
    const dry = await cleanupContainers([engine], { all: false, dryRun: true });
    expect(dry.some((line) => line.startsWith(dead.name))).toBe(true);
    expect((await engine.listByLabels(suite)).map((c) => c.id).sort()).toEqual([dead.id, live.id].sort());

    const removed = await cleanupContainers([engine], { all: false });
    expect(removed.some((line) => line.startsWith(dead.name))).toBe(true);
    expect(removed.some((line) => line.startsWith(live.name))).toBe(false);
    expect((await engine.listByLabels(suite)).map((c) => c.id)).toEqual([live.id]);
  });
});
