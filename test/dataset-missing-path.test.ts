/**
 * A `--dataset` path that does not exist is said to be a missing folder, not only a failed hub
 * lookup (issue 18, item 4.8): `instances/sample` run outside a checkout (an npm install) names the
 * folder it looked for, what the hub said, and the bundled name.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../src/dataset/load.ts";
import { tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

/** The compiled CLI (as cli-eval.test.ts; `npm test` builds it): tsx is not importable from another directory. */
const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
const notFound: typeof fetch = () => Promise.resolve(new Response("not found", { status: 404 }));

describe("a --dataset path that does not exist", () => {
  it("of the hub's owner/name shape: says there is no such folder and what the hub said", async () => {
    const cacheDir = await tempDir("missing-path-cache");
    const failure = loadDataset({ dataset: "nowhere/sample", cacheDir, fetch: notFound, env: {} });
    await expect(failure).rejects.toThrow(/^Dataset not found: no such folder nowhere\/sample \(looked for .*nowhere\/sample\), nor as nowhere\/sample on the Hugging Face hub:\n/);
    await expect(loadDataset({ dataset: "nowhere/sample", cacheDir, fetch: notFound, env: {} })).rejects.toThrow(/404 Not Found/);
  });

  it("that cannot be a hub name: no such folder, no hub lookup; the bundled name when it ends in one", async () => {
    const dir = await tempDir("missing-path");
    let requests = 0;
    const counting: typeof fetch = () => {
      requests += 1;
      return notFound("");
    };
    const missing = join(dir, "instances", "sample");
    await expect(loadDataset({ dataset: missing, fetch: counting, env: {} })).rejects.toThrow(`Dataset not found: no such folder ${missing} (looked for ${missing})\nThe bundled sample is \`--dataset sample\`, from any directory.`);
    await expect(loadDataset({ dataset: "./no-such/instances/flaky/", fetch: counting, env: {} })).rejects.toThrow(/no such folder \.\/no-such\/instances\/flaky\/ .*\nThe bundled flaky is `--dataset flaky`/);
    expect(requests).toBe(0);
  });

  it("from outside a checkout, `-d instances/sample` says both and names `--dataset sample` (exit 1)", async () => {
    const cwd = await tempDir("outside-checkout");
    const env = { ...process.env, HF_ENDPOINT: "http://127.0.0.1:9", HF_HOME: join(cwd, "hf") };
    const result = spawnSync(process.execPath, [CLI, "specs", "-d", "instances/sample"], { cwd, encoding: "utf8", env });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`no such folder instances/sample (looked for ${join(cwd, "instances", "sample")}), nor as instances/sample on the Hugging Face hub`);
    expect(result.stderr).toContain("The bundled sample is `--dataset sample`");
  });

  it("from outside a checkout, a predictions path of the package's own names where the package holds it (exit 1, no run folder)", async () => {
    const cwd = await tempDir("outside-checkout-preds");
    const rows = join(REPO_ROOT, "test", "fixtures", "dataset", "rows.json");
    const wrong = join("instances", "sample", "predictions", "wrong.jsonl");
    const result = spawnSync(process.execPath, [CLI, "eval", "-d", rows, "-p", wrong, "--run-id", "w", "-o", "out"], { cwd, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Could not read predictions file ${wrong}: no such file (looked for ${join(cwd, wrong)}); sera-bench's package holds ${wrong}: pass --predictions ${join(REPO_ROOT, wrong)}`);
    expect(existsSync(join(cwd, "out"))).toBe(false);
  });
});
