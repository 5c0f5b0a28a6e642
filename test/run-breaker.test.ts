/**
 * The run-level circuit breaker: a dead or misconfigured model server (or engine) stops the run after
 * N instances in a row failed the same way, with that error and a non-zero exit, keeping what finished.
 * Real containers, the scripted server's fault modes and a closed port.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import type { Socket } from "node:net";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scriptedRun } from "./helpers/agent.ts";
import { testEngine, waitFor } from "./helpers/docker.ts";
import { prepareSampleImages, SAMPLE_DIR, SAMPLE_IDS, tempDir } from "./helpers/eval-run.ts";
import { runEvaluation } from "../src/executor/executors.ts";
import { DEFAULT_IMAGE_NAMING } from "../src/evaluation/image-name.ts";
import { DockerEngine } from "../src/sandbox/docker/engine.ts";
import { FailureBreaker, RunBreakerError } from "../src/run/breaker.ts";
import { fixedScript } from "../src/model/scripted/sources.ts";
import { startScriptedServer } from "../src/model/scripted/server.ts";
import { steps as parseSteps } from "../src/model/scripted/steps.ts";
import type { StepInput } from "../src/model/scripted/steps.ts";
import { EXIT_CODES } from "../src/cli/errors.ts";

const BAD_REQUEST: StepInput = { type: "http_error", status: 400, body: { object: "error", message: "extra_body: unknown field 'top_kk'" } };
let dir: string;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("run-breaker");
});

/** A real engine behind a socket of ours: `goAway` closes it, the engine going away for this run only. */
async function engineBehindProxy(name: string): Promise<{ engine: DockerEngine; goAway: () => void }> {
  const socket = join(dir, name);
  const open = new Set<Socket>();
  const proxy = createServer((client) => {
    const upstream = connect("/var/run/docker.sock");
    for (const s of [client, upstream]) {
      open.add(s);
      s.on("error", () => undefined).on("close", () => open.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => proxy.listen(socket, resolve));
  const engine = new DockerEngine({ address: `unix://${socket}`, pullPolicy: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 } });
  const goAway = () => {
    if (proxy.listening) proxy.close();
    for (const s of open) s.destroy();
  };
  return { engine, goAway };
}

const trajectories = (runId: string) => readdirSync(join(dir, runId, "trajs")).filter((f) => f.endsWith(".traj.json"));

describe("the run-level circuit breaker", () => {
  it("a server that answers 400 to every request stops the run after 3 instances, exit 1, the report written", async () => {
    const server = await startScriptedServer({ source: fixedScript(parseSteps(Array<StepInput>(60).fill(BAD_REQUEST))) });
    try {
      const error: unknown = await scriptedRun(server.baseUrl, { runId: "bad-request", outputDir: dir, instanceIds: SAMPLE_IDS, evaluate: true }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(RunBreakerError);
      const stopped = error as RunBreakerError;
      expect(EXIT_CODES[stopped.exit]).toBe(1);
      expect(stopped.message).toMatch(/^stopped run bad-request: 3 instances in a row \(sera-bench__\S+, sera-bench__\S+, sera-bench__\S+\) failed with the same error: .*400.*top_kk/);
      expect(stopped.message).toContain("re-run the same command: the failed instances are retried");
      // Nothing after the third instance started; the finished errors are kept and reported as errors.
      expect(trajectories("bad-request").length).toBeLessThanOrEqual(3);
      const reportFile = readdirSync(join(dir, "bad-request")).find((f) => f.endsWith(".bad-request.json")) ?? "";
      const report = JSON.parse(readFileSync(join(dir, "bad-request", reportFile), "utf8")) as { error_instances: number; empty_patch_instances: number; total_instances: number };
      expect([report.total_instances, report.empty_patch_instances]).toEqual([6, 0]);
      expect(report.error_instances).toBeGreaterThanOrEqual(2);
      expect(await testEngine().listByLabels({ "sera-bench.run-id": "bad-request" })).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("a model server that is gone (closed port) stops the run with its error after --max-consecutive-failures 2", async () => {
    const server = await startScriptedServer({ source: fixedScript(parseSteps([])) });
    const baseUrl = server.baseUrl;
    await server.close();
    const error: unknown = await scriptedRun(baseUrl, { runId: "closed-port", outputDir: dir, instanceIds: SAMPLE_IDS, maxConsecutiveFailures: 2 }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RunBreakerError);
    expect((error as Error).message).toMatch(/^stopped run closed-port: 2 instances in a row .* failed with the same error: Exit due to retry error: /);
    expect(trajectories("closed-port").length).toBeLessThanOrEqual(2);
  });

  it("an engine that goes away mid-eval stops the run after 3 evaluations that found it gone", async () => {
    const { engine, goAway } = await engineBehindProxy("engine.sock");
    const results: string[] = [];
    const options = { dataset: SAMPLE_DIR, split: "test", selection: {}, workers: 1, timeoutSeconds: 600, naming: DEFAULT_IMAGE_NAMING, redo: true, generate: false, limits: {}, predictions: "gold", runId: "engine-gone", outputDir: dir };
    const error: unknown = await runEvaluation(options, {
      engine, onNotice: () => undefined, onEvaluated: (r) => { results.push(r.status); if (results.length === 1) goAway(); },
    }).then(() => undefined, (e: unknown) => e);
    goAway();
    expect(error).toBeInstanceOf(RunBreakerError);
    expect((error as Error).message).toMatch(/^stopped run engine-gone: 3 instances in a row .* failed with the same error: the container engine at unix:\/\/.*engine\.sock does not answer/);
    expect(results).toEqual(["resolved", "error", "error", "error"]);
    const report = JSON.parse(readFileSync(join(dir, "engine-gone", "gold.engine-gone.json"), "utf8")) as { resolved_ids: string[]; error_instances: number };
    expect([report.resolved_ids.length, report.error_instances]).toEqual([1, 5]);
    // The engine back: the same eval again keeps the finished instance and retries every error.
    const again: string[] = [];
    const summary = await runEvaluation({ ...options, redo: false }, { engine: testEngine(), onNotice: () => undefined, onEvaluated: (r) => again.push(r.instance_id) });
    expect(again).toHaveLength(5);
    expect(summary.report.resolved_instances).toBe(6);
  });

  it("an engine that dies while an evaluation runs: that evaluation is an error (never a crash on the container's removal), the breaker stops the run, the report is written", async () => {
    const { engine, goAway } = await engineBehindProxy("engine-dies.sock");
    // Its own run id: a container another attempt of this test left behind is not taken for this one's.
    const runId = `engine-dies-${basename(dir).slice(-6).toLowerCase()}`;
    // A patch that holds the eval script (a root conftest.py that sleeps): the engine goes away under it.
    const slow = "diff --git a/conftest.py b/conftest.py\nnew file mode 100644\n--- /dev/null\n+++ b/conftest.py\n@@ -0,0 +1,2 @@\n+import time\n+time.sleep(120)\n";
    // The first is evaluated with pytest (which reads conftest.py); the others find the engine gone.
    const ids = ["sera-bench__intervals-1", "sera-bench__lrucache-1", "sera-bench__polynomial-1", "sera-bench__rational-1"];
    const predictions = join(dir, "slow.jsonl");
    writeFileSync(predictions, ids.map((id) => JSON.stringify({ instance_id: id, model_name_or_path: "slow", model_patch: slow })).join("\n"));
    const options = { dataset: SAMPLE_DIR, split: "test", selection: { instanceIds: ids }, workers: 1, timeoutSeconds: 600, naming: DEFAULT_IMAGE_NAMING, redo: true, generate: false, limits: {}, predictions, runId, outputDir: dir };
    const killer = (async () => {
      // Gone while the eval script runs (the tests sleeping in conftest.py), not while a container is
      // made. The container whose script runs is looked for among the run's: the next instance's may
      // already have been made ready for its slot.
      await waitFor(async () => {
        for (const { id } of await testEngine().listByLabels({ "sera-bench.run-id": runId, "sera-bench.role": "eval" })) {
          const top = await testEngine().docker.getContainer(id).top().catch(() => undefined);
          const column = top?.Titles.indexOf("CMD") ?? -1;
          if ((top?.Processes ?? []).some((row: string[]) => /pytest/.test(row[column] ?? ""))) return true;
        }
        return undefined;
      }, "pytest in one of the run's eval containers", 180_000);
      goAway();
    })();
    try {
      const error: unknown = await runEvaluation(options, { engine, onNotice: () => undefined }).then(() => undefined, (e: unknown) => e);
      await killer;
      expect(error).toBeInstanceOf(RunBreakerError);
      expect((error as Error).message).toMatch(/^stopped run engine-dies-\S+: 3 instances in a row .* the container engine at unix:\/\/.*engine-dies\.sock does not answer/);
      const report = JSON.parse(readFileSync(join(dir, runId, `slow.${runId}.json`), "utf8")) as { error_instances: number; completed_instances: number };
      expect(report.error_instances).toBeGreaterThanOrEqual(2);
      expect(report.completed_instances).toBe(0);
    } finally {
      goAway();
      for (const { id } of await testEngine().listByLabels({ "sera-bench.run-id": runId })) await testEngine().removeById(id);
    }
  });

  it("image pulls that keep failing the same way (a registry that cannot be reached) stop the run after 3", async () => {
    const options = {
      dataset: SAMPLE_DIR, split: "test", selection: {}, workers: 1, timeoutSeconds: 600, redo: true, generate: false, limits: {}, predictions: "gold", runId: "pull-fails", outputDir: dir,
      // A registry at a closed port: every pull fails at once (unreachable, not retried).
      naming: { ...DEFAULT_IMAGE_NAMING, template: "127.0.0.1:1/sera-bench-missing/{instance_id}", ignoreRowImage: true },
    };
    const error: unknown = await runEvaluation(options, { engine: testEngine(), onNotice: () => undefined }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RunBreakerError);
    expect((error as Error).message).toMatch(/^stopped run pull-fails: 3 instances in a row .* failed with the same error: could not pull the image: /);
    const report = JSON.parse(readFileSync(join(dir, "pull-fails", "gold.pull-fails.json"), "utf8")) as { error_instances: number };
    expect(report.error_instances).toBeGreaterThanOrEqual(2);
  });

  it("counts only the same error in a row: ids and numbers aside; a success or another error starts over; 0 never stops", () => {
    const breaker = new FailureBreaker(3, "r");
    breaker.failed("a__a-1", "engine at unix:///x.sock: container a__a-1.x7 gone after 12.5 s", ["a__a-1"]);
    breaker.failed("b__b-2", "engine at unix:///x.sock: container b__b-2.k1 gone after 3 s", ["b__b-2"]);
    breaker.succeeded();
    breaker.failed("c__c-3", "engine at unix:///x.sock: container c__c-3.x7 gone after 1 s", ["c__c-3"]);
    breaker.failed("d__d-4", "HTTP 400: bad request", ["d__d-4"]);
    breaker.failed("e__e-5", "HTTP 400: bad request", ["e__e-5"]);
    expect(() => breaker.failed("f__f-6", "HTTP 400: bad request", ["f__f-6"])).toThrow(/3 instances in a row \(d__d-4, e__e-5, f__f-6\)/);
    const never = new FailureBreaker(0, "r");
    for (let i = 0; i < 10; i++) never.failed(`x__x-${i}`, "HTTP 400: bad request", []);
  });
});
