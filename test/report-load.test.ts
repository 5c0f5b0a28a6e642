/** Reading run folders: seeds found by name, and each kind of bad input named with the file it concerns. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveRunArgs, splitSeed } from "../src/report/run/find.ts";
import { loadRun, loadRuns } from "../src/report/run/load.ts";
import { repoOf } from "../src/report/run/types.ts";
import { assertSameDataset } from "../src/report/summary/same-dataset.ts";
import { makeRun, type FixtureInstance } from "./fixtures/report/make-run.ts";

let parent: string;
const two: FixtureInstance[] = [{ id: "a__b-1", outcome: "resolved" }, { id: "a__b-2", outcome: "unresolved" }];

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "sera-bench-report-load-"));
});
afterAll(async () => rm(parent, { recursive: true, force: true }));

describe("finding runs", () => {
  it("a seed base stands for its -s1, -s2, ... folders in seed order", async () => {
    for (const id of ["base-s2", "base-s10", "base-s1", "base-sx", "based-s1"]) await makeRun(parent, { runId: id, instances: two });
    expect(await resolveRunArgs([join(parent, "base")])).toEqual([join(parent, "base-s1"), join(parent, "base-s2"), join(parent, "base-s10")]);
    expect(splitSeed("sera-32k-s3")).toEqual({ base: "sera-32k", seed: 3 });
    expect(repoOf("scikit-learn__scikit-learn-10297")).toBe("scikit-learn/scikit-learn");
  });

  it("a missing folder, or one named twice, is refused with the path", async () => {
    await expect(resolveRunArgs([join(parent, "nothing")])).rejects.toThrow(`no run folder at ${join(parent, "nothing")}`);
    await expect(resolveRunArgs([join(parent, "base-s1"), join(parent, "base-s1")])).rejects.toThrow(/named twice/);
  });
});

describe("bad run folders", () => {
  it("names a missing official run report and a missing predictions.jsonl", async () => {
    const dir = await makeRun(parent, { runId: "noreport", instances: two });
    await rm(join(dir, "org__model.noreport.json"));
    await expect(loadRun(dir)).rejects.toThrow("missing the official run report <model>.noreport.json");
    const dir2 = await makeRun(parent, { runId: "nopreds", instances: two });
    await rm(join(dir2, "predictions.jsonl"));
    await expect(loadRun(dir2)).rejects.toThrow(`${join(dir2, "predictions.jsonl")}: missing`);
  });

  it("names the file and line of unreadable JSON and of a result.json of the wrong shape", async () => {
    const dir = await makeRun(parent, { runId: "badjson", instances: two });
    await writeFile(join(dir, "predictions.jsonl"), `{"instance_id":"a__b-1","model_patch":""}\n{oops\n`);
    await expect(loadRun(dir)).rejects.toThrow(`${join(dir, "predictions.jsonl")} line 2: a prediction is not valid JSON`);
    const dir2 = await makeRun(parent, { runId: "badresult", instances: two });
    await writeFile(join(dir2, "logs", "a__b-1", "result.json"), `{"instance_id":"a__b-1","status":"great"}`);
    await expect(loadRun(dir2)).rejects.toThrow(new RegExp(`${join(dir2, "logs", "a__b-1", "result.json")}: not an instance result \\(result.json\\) as expected`));
  });

  it("reports missing work, missing run.json and partial trajectories, and keeps unknown fields", async () => {
    const instances: FixtureInstance[] = [
      { id: "a__b-1", outcome: "resolved", traj: { exit_status: "submitted", prompt_tokens: 1, completion_tokens: 1, steps: [], wall_time_s: 1 } },
      { id: "a__b-2", outcome: "not_evaluated" }, { id: "a__b-3", outcome: "not_submitted" }, { id: "a__b-4", outcome: "error" },
    ];
    const run = await loadRun(await makeRun(parent, { runId: "partial", instances }));
    expect(run.incomplete).toEqual([
      "1 instance(s) have no prediction: a__b-3",
      `a__b-2: not evaluated (${join(parent, "partial", "logs", "a__b-2")} has no report.json and result.json)`,
    ]);
    expect(run.missing).toEqual(["run.json (model, context length, seed, dataset not recorded)", "trajs/<id>.traj.json for 2 instance(s): a__b-2, a__b-4"]);
  });

  it("runs of different datasets or selections cannot be combined", async () => {
    const a = await makeRun(parent, { runId: "ds-a", instances: two, meta: { dataset: "verified", split: "test" } });
    const b = await makeRun(parent, { runId: "ds-b", instances: two, meta: { dataset: "princeton-nlp/SWE-bench_Lite", split: "test" } });
    const c = await makeRun(parent, { runId: "ds-c", instances: [two[0] as FixtureInstance] });
    const [ra, rb, rc] = await loadRuns([a, b, c]);
    expect(() => assertSameDataset([ra, rb].filter((r) => r !== undefined))).toThrow(/dataset princeton-nlp\/SWE-bench_Lite \(test\) differs from .*ds-a: verified \(test\)/);
    expect(() => assertSameDataset([ra, rc].filter((r) => r !== undefined))).toThrow(/evaluated different instances \(1 vs 2\): 0 only in ds-c, 1 only in ds-a \(a__b-2\)/);
  });

  it("one dataset under two of its names is one dataset (alias and hub name; bundled name and its folder)", async () => {
    const runs = await loadRuns([
      await makeRun(parent, { runId: "nm-a", instances: two, meta: { dataset: "verified", split: "test" } }),
      await makeRun(parent, { runId: "nm-b", instances: two, meta: { dataset: "SWE-bench/SWE-bench_Verified", split: "test" } }),
      await makeRun(parent, { runId: "nm-c", instances: two, meta: { dataset: "flaky", split: "test" } }),
      await makeRun(parent, { runId: "nm-d", instances: two, meta: { dataset: "./instances/flaky/", split: "test" } }),
      await makeRun(parent, { runId: "nm-e", instances: two, meta: { dataset: "instances/sample", split: "test" } }),
    ]);
    const [a, b, c, d, e] = runs.filter((r) => r !== undefined);
    expect(() => assertSameDataset([a!, b!])).not.toThrow();
    expect(() => assertSameDataset([c!, d!])).not.toThrow();
    expect(() => assertSameDataset([d!, e!])).toThrow(/dataset instances\/sample \(test\) differs from .*nm-d: \.\/instances\/flaky\/ \(test\)/);
  });
});
