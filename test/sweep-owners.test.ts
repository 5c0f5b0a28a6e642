/**
 * Two runs with the same run id in different output folders share an engine: the second start
 * removes only containers whose owner process is gone, never a live run's (issue 12, item 3).
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNKNOWN_PROTOCOL } from "../src/protocol/identity.ts";
import { withRun } from "../src/run/prepare.ts";
import { removeOwnContainers } from "../src/sandbox/cleanup.ts";
import { BASE_IMAGE, ensureDockerAndBaseImage, testEngine, testLabels } from "./helpers/docker.ts";

const engine = testEngine();
const suite = testLabels("sweep-owners");
const runId = `i12-sweep-${process.pid}-${Date.now()}`;
const DEAD_PID = 2 ** 22 + 12345; // above pid_max's default: never alive
const liveOwner = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });

beforeAll(() => ensureDockerAndBaseImage());
afterAll(async () => {
  liveOwner.kill();
  for (const c of await engine.listByLabels(suite)) await engine.removeById(c.id);
});

const ofRun = (owner: string) => ({ ...suite, "sera-bench.run-id": runId, "sera-bench.owner": owner });
const names = async () => (await engine.listByLabels(suite)).map((c) => c.name).sort();

describe("starting a run sweeps only the containers of owners that are gone", () => {
  it("keeps a live run's running container (same run id, other output folder) and another host's; removes a dead owner's", async () => {
    const live = await engine.create({ image: BASE_IMAGE, name: `${runId}-live`, labels: ofRun(`${hostname()}:${liveOwner.pid!}`) });
    const foreign = await engine.create({ image: BASE_IMAGE, name: `${runId}-foreign`, labels: ofRun(`another-host:${DEAD_PID}`) });
    await engine.create({ image: BASE_IMAGE, name: `${runId}-dead`, labels: ofRun(`${hostname()}:${DEAD_PID}`) });
    expect((await live.exec(["echo", "alive"])).output.trim()).toBe("alive");

    const notices: string[] = [];
    await withRun(
      { kind: "eval", dataset: "test/fixtures/dataset/rows.json", split: "test", selection: {}, runId, outputDir: mkdtempSync(join(tmpdir(), "sera-sweep-")), options: {}, protocol: UNKNOWN_PROTOCOL },
      { engines: [engine], onNotice: (line) => notices.push(line), inputs: async () => ({ modelName: "m" }), checkInputs: async () => undefined, execute: async () => false, finalize: async () => ({}) },
    );
    expect(await names()).toEqual([`${runId}-foreign`, `${runId}-live`]);
    expect(notices).toContain(`removed 1 container(s) left by an earlier attempt of run ${runId}`);
    expect((await live.exec(["echo", "still"])).output.trim()).toBe("still");
    await engine.removeById(foreign.id);
  });

  it("on a stop, a process removes only its own containers of the run", async () => {
    await engine.create({ image: BASE_IMAGE, name: `${runId}-mine`, labels: ofRun(`${hostname()}:${process.pid}`) });
    expect(await removeOwnContainers(engine, runId)).toEqual([`${runId}-mine`]);
    expect(await names()).toEqual([`${runId}-live`]);
  });
});
