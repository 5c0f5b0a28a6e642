/**
 * The bundled sample instances against real Docker: rows are reproducible and up to date, the
 * images build (and a second build is cached), and inside each instance image the eval script
 * shows FAIL_TO_PASS failing without a patch, still failing with the wrong fix, and every
 * FAIL_TO_PASS / PASS_TO_PASS test passing with the gold patch, in the runner's own format.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceRowSchema, type Instance } from "../src/dataset/row.ts";
import { buildSampleImages, loadSampleInstances, type BuildSampleImagesResult } from "../src/images/sample-images.ts";
import { computeBaseCommit, listSampleDirs } from "../scripts/sample-row.ts";
import { renderSampleFiles } from "../scripts/sample-rows.ts";

const INSTANCES_DIR = fileURLToPath(new URL("../instances/sample", import.meta.url));
const samples = await loadSampleInstances(INSTANCES_DIR);

interface Run { code: number | null; output: string }

function runDocker(args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("docker", args, { stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (data: Buffer) => chunks.push(data));
    child.stderr.on("data", (data: Buffer) => chunks.push(data));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output: Buffer.concat(chunks).toString("utf8") }));
    child.stdin.end(input ?? "");
  });
}

async function startContainer(image: string): Promise<string> {
  const started = await runDocker(["run", "-d", "--rm", "--network", "none", image, "tail", "-f", "/dev/null"]);
  if (started.code !== 0) throw new Error(`docker run ${image} failed: ${started.output}`);
  return started.output.trim();
}

/** Run a bash script in the container (stdin optional); returns exit code and merged output. */
const sh = (container: string, script: string, input?: string) =>
  runDocker(["exec", "-i", "-w", "/testbed", container, "bash", "-c", script], input);

/** Lines of the test run, between the official markers. */
function testOutput(log: string): string[] {
  const start = log.indexOf(">>>>> Start Test Output");
  const end = log.indexOf(">>>>> End Test Output");
  expect(start, "start marker").toBeGreaterThan(-1);
  expect(end, "end marker").toBeGreaterThan(start);
  return log.slice(start, end).split("\n").map((line) => line.trim());
}

type Outcome = "pass" | "fail";
/** Whether `lines` report `name` as passing / failing, in the format of the row's runner. */
function reports(instance: Instance, lines: readonly string[], name: string, outcome: Outcome): boolean {
  const forms: Record<string, Record<Outcome, string[]>> = {
    parse_log_pytest: { pass: [`PASSED ${name}`], fail: [`FAILED ${name}`, `ERROR ${name}`] },
    parse_log_django: { pass: [`${name} ... ok`], fail: [`${name} ... FAIL`, `${name} ... ERROR`] },
    parse_log_sympy: { pass: [`${name} ok`], fail: [`${name} F`, `${name} E`] },
  };
  const wanted = forms[instance.log_parser ?? ""]?.[outcome];
  if (wanted === undefined) throw new Error(`${instance.instance_id}: no line format for ${instance.log_parser}`);
  return lines.some((line) => wanted.some((form) => line === form || line.startsWith(`${form} - `)));
}

async function runEval(container: string, instance: Instance): Promise<string[]> {
  const result = await sh(container, "cat > /eval.sh && bash /eval.sh", instance.eval_script);
  return testOutput(result.output);
}

async function applyPatch(container: string, patch: string): Promise<Run> {
  await sh(container, "git reset -q --hard HEAD && git clean -fdq");
  return sh(container, "cat > /tmp/patch.diff && git apply --verbose /tmp/patch.diff", patch);
}

async function predictionFor(file: string, instanceId: string): Promise<string | null | undefined> {
  const lines = (await readFile(join(INSTANCES_DIR, "predictions", file), "utf8")).trim().split("\n");
  const rows = lines.map((line) => JSON.parse(line) as { instance_id: string; model_patch: string | null });
  return rows.find((row) => row.instance_id === instanceId)?.model_patch;
}

describe("sample rows", () => {
  it("cover each runner style at least twice, as valid rows", () => {
    const parsers = samples.map(({ instance }) => instance.log_parser);
    for (const parser of ["parse_log_pytest", "parse_log_django", "parse_log_sympy"]) {
      expect(parsers.filter((p) => p === parser).length, parser).toBeGreaterThanOrEqual(2);
    }
    for (const { instance } of samples) {
      expect(instance.eval_script?.startsWith("#!/bin/bash\nset -uxo pipefail\n")).toBe(true);
      expect(instance.patch).toMatch(/^diff --git a\//);
      expect(instance.eval_type).toBe("pass_and_fail");
    }
  });

  it("base_commit is what scripts/sample-commit.sh computes from repo/", async () => {
    for (const { instance, dir } of samples) {
      expect(await computeBaseCommit(join(dir, "repo")), instance.instance_id).toBe(instance.base_commit);
    }
  });

  it("instance.json and the predictions are what scripts/sample-rows.ts generates", async () => {
    expect((await listSampleDirs(INSTANCES_DIR)).length).toBe(samples.length);
    for (const [path, content] of await renderSampleFiles(INSTANCES_DIR)) {
      expect(await readFile(path, "utf8"), `${path} is stale: run tsx scripts/sample-rows.ts`).toBe(content);
      if (path.endsWith("instance.json")) instanceRowSchema.parse(JSON.parse(content));
    }
  });

  it("fixture predictions name a model and cover every instance", async () => {
    for (const file of ["wrong.jsonl", "does-not-apply.jsonl", "empty.jsonl"]) {
      const text = await readFile(join(INSTANCES_DIR, "predictions", file), "utf8");
      const rows = text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(rows.map((row) => row["instance_id"]).sort()).toEqual(samples.map((s) => s.instance.instance_id).sort());
      for (const row of rows) expect(row["model_name_or_path"], file).toMatch(/^sample\//);
    }
    const empty = await readFile(join(INSTANCES_DIR, "predictions", "empty.jsonl"), "utf8");
    expect(empty).toContain('"model_patch":null');
    expect(empty).toContain('"model_patch":""');
  });
});

describe("sample images", () => {
  let first: BuildSampleImagesResult;
  beforeAll(async () => {
    first = await buildSampleImages({ instancesDir: INSTANCES_DIR });
  }, 900_000);

  it("a does-not-apply prediction fails every official apply method", async () => {
    const withPatch = [];
    for (const sample of samples) {
      const patch = await predictionFor("does-not-apply.jsonl", sample.instance.instance_id);
      if (typeof patch === "string" && patch !== "") withPatch.push({ sample, patch });
    }
    expect(withPatch).toHaveLength(1);
    const [{ sample, patch }] = withPatch as [(typeof withPatch)[number]];
    const script = [
      "cat > /tmp/stale.diff",
      'git apply --verbose --check /tmp/stale.diff; echo "git-apply=$?"',
      'git apply --verbose --reject /tmp/stale.diff; echo "git-apply-reject=$?"',
      "git reset -q --hard HEAD; git clean -fdq",
      'patch --batch --fuzz=5 -p1 --dry-run -i /tmp/stale.diff; echo "patch=$?"',
    ].join("\n");
    const container = await startContainer(sample.image);
    try {
      const result = await sh(container, script, patch);
      for (const method of ["git-apply", "git-apply-reject", "patch"]) {
        expect(result.output, result.output).toMatch(new RegExp(`^${method}=[1-9]`, "m"));
      }
    } finally {
      await runDocker(["rm", "-f", container]);
    }
  });

  it("build all images, and a second build is cached", async () => {
    expect(first.built.length + first.cached.length).toBe(samples.length + 2);
    const second = await buildSampleImages({ instancesDir: INSTANCES_DIR });
    expect(second.built).toEqual([]);
    expect(second.cached).toHaveLength(samples.length + 2);
    expect(second.cached).toEqual(expect.arrayContaining(samples.map((s) => s.image)));
  });

  describe.each(samples.map((sample) => [sample.instance.instance_id, sample] as const))("%s", (_id, { instance, image }) => {
    let container = "";
    const f2p = instance.FAIL_TO_PASS;
    const p2p = instance.PASS_TO_PASS;
    beforeAll(async () => {
      container = await startContainer(image);
    });
    afterAll(async () => {
      if (container !== "") await runDocker(["rm", "-f", container]);
    });

    it("/testbed is a clean git repo whose HEAD^ is base_commit", async () => {
      const result = await sh(container, `git rev-parse HEAD^ && git rev-parse --verify ${instance.base_commit}^{commit} && git status --porcelain && git diff ${instance.base_commit}`);
      expect(result.code, result.output).toBe(0);
      expect(result.output).toBe(`${instance.base_commit}\n${instance.base_commit}\n`);
    });

    it("source /opt/miniconda3/bin/activate && conda activate testbed works", async () => {
      const result = await sh(container, "set -u; source /opt/miniconda3/bin/activate && conda activate testbed && echo $CONDA_DEFAULT_ENV && command -v python && python -c 'import pytest'");
      expect(result.code, result.output).toBe(0);
      expect(result.output).toBe("testbed\n/opt/miniconda3/envs/testbed/bin/python\n");
    });

    it("without a patch, every FAIL_TO_PASS test fails and PASS_TO_PASS tests pass", async () => {
      await sh(container, "git reset -q --hard HEAD && git clean -fdq");
      const lines = await runEval(container, instance);
      for (const name of f2p) expect(reports(instance, lines, name, "fail"), `${name} fails`).toBe(true);
      for (const name of p2p) expect(reports(instance, lines, name, "pass"), `${name} passes`).toBe(true);
    });

    it("with the wrong fix, some FAIL_TO_PASS test still fails", async () => {
      const patch = await predictionFor("wrong.jsonl", instance.instance_id);
      expect(typeof patch).toBe("string");
      const applied = await applyPatch(container, patch ?? "");
      expect(applied.code, applied.output).toBe(0);
      const lines = await runEval(container, instance);
      expect(f2p.some((name) => reports(instance, lines, name, "fail"))).toBe(true);
    });

    it("with the gold patch, git diff shows only it and every listed test passes", async () => {
      const applied = await applyPatch(container, instance.patch);
      expect(applied.code, applied.output).toBe(0);
      const diff = await sh(container, `git diff --name-only ${instance.base_commit}`);
      const goldFiles = [...instance.patch.matchAll(/^diff --git a\/.* b\/(.*)$/gm)].map((m) => m[1]);
      expect(diff.output.trim().split("\n")).toEqual(goldFiles);
      const lines = await runEval(container, instance);
      for (const name of [...f2p, ...p2p]) expect(reports(instance, lines, name, "pass"), `${name} passes`).toBe(true);
      for (const name of f2p) expect(reports(instance, lines, name, "fail"), `${name} does not fail`).toBe(false);
    });
  });
});
