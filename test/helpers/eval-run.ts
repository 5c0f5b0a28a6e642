import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_IMAGE_NAMING } from "../../src/evaluation/image-name.ts";
import { runEvaluation } from "../../src/executor/executors.ts";
import type { EvalRunOptions, EvalRunSummary } from "../../src/run/eval-run.ts";
import type { SandboxEngine } from "../../src/sandbox/types.ts";
import { buildSampleImages } from "../../src/images/sample-images.ts";
import { ensureDockerAndBaseImage, testEngine } from "./docker.ts";
import { REPO_ROOT } from "./shared.ts";

export const SAMPLE_DIR = join(REPO_ROOT, "instances", "sample");
export const SAMPLE_IDS = [
  "sera-bench__csvlite-1", "sera-bench__intervals-1", "sera-bench__lrucache-1",
  "sera-bench__polynomial-1", "sera-bench__rational-1", "sera-bench__semver-1",
] as const;

/** Docker, the base image and the sample's instance images (cached by content after the first build). */
export async function prepareSampleImages(): Promise<void> {
  ensureDockerAndBaseImage();
  await buildSampleImages({ instancesDir: SAMPLE_DIR });
}

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `sera-bench-${prefix}-`));
}

/** Evaluate on the sample with the local executor, quietly. */
export function evalSample(
  overrides: Partial<EvalRunOptions> & Pick<EvalRunOptions, "predictions" | "runId" | "outputDir">,
  onNotice: (line: string) => void = () => undefined,
  engine: SandboxEngine = testEngine(),
): Promise<EvalRunSummary> {
  return runEvaluation(
    {
      dataset: SAMPLE_DIR, split: "test", selection: {}, workers: 2, timeoutSeconds: 600,
      naming: DEFAULT_IMAGE_NAMING, redo: false, generate: false, limits: {}, ...overrides,
    },
    { engine, onNotice },
  );
}

/** A predictions file for one instance whose patch adds a file (e.g. a conftest.py doing harm). */
export async function newFilePrediction(dir: string, name: string, instanceId: string, path: string, lines: readonly string[]): Promise<string> {
  const patch = [
    `diff --git a/${path} b/${path}`, "new file mode 100644", "--- /dev/null", `+++ b/${path}`,
    `@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`), "",
  ].join("\n");
  const file = join(dir, `${name}.jsonl`);
  await writeFile(file, `${JSON.stringify({ instance_id: instanceId, model_name_or_path: `faults/${name}`, model_patch: patch })}\n`);
  return file;
}
