/**
 * Build the images of the bundled sample instances, laid out like the official ones:
 *   sera-bench/base:bookworm                     debootstrap + docker import (scripts/build-base-image.sh)
 *   sera-bench/sweb.env.py.x86_64.sample:latest  Python, pytest, git, the conda shim
 *   <row.image>, one per instance                /testbed at the row's base_commit
 * Each image carries a label with the hash of what it was built from (its Dockerfile or script,
 * its inputs and its parent image's id); an image whose label matches is not rebuilt.
 * Uses the docker CLI (DOCKER_HOST and contexts apply as usual).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { instanceRowSchema, type Instance } from "../dataset/row.ts";
import { parseJsonAs } from "../util/json.ts";
import { projectPath } from "../util/paths.ts";
import { SeraBenchError } from "../util/errors.ts";

const BASE_SCRIPT = projectPath("scripts/build-base-image.sh");
const COMMIT_SCRIPT = projectPath("scripts/sample-commit.sh");
const ENV_DOCKERFILE = projectPath("harness/docker/sample-env.Dockerfile");
const CONDA_SHIM = projectPath("harness/docker/conda-activate.sh");
const INSTANCE_DOCKERFILE = projectPath("harness/docker/sample-instance.Dockerfile");
const FUTURE_DOCKERFILE = projectPath("harness/docker/sample-future.Dockerfile");

export const SAMPLE_BASE_IMAGE = "sera-bench/base:bookworm";
export const SAMPLE_ENV_IMAGE = "sera-bench/sweb.env.py.x86_64.sample:latest";
export const CONTENT_HASH_LABEL = "sera-bench.content-hash";
/** Files that never belong in a sample repository's base commit. */
const SKIPPED_NAMES = new Set(["__pycache__", ".pytest_cache"]);

export interface BuildSampleImagesOptions {
  readonly instancesDir: string;
  /** Every line: what is built, and the builds' own output. */
  readonly onLog?: (line: string) => void;
  /** One line per image about to be built (none when everything is cached). */
  readonly onBuild?: (line: string) => void;
}

export interface BuildSampleImagesResult {
  /** Image names built in this call, in build order. */
  readonly built: string[];
  /** Image names whose content hash matched, so they were kept. */
  readonly cached: string[];
}

export class SampleImageError extends SeraBenchError {}

/** Where the lines go: `building` announces an image about to be built, `output` is the rest. */
interface BuildLogs {
  readonly output: (line: string) => void;
  readonly building: (line: string) => void;
}

export async function buildSampleImages(options: BuildSampleImagesOptions): Promise<BuildSampleImagesResult> {
  const log: BuildLogs = {
    output: (line) => options.onLog?.(line),
    building: (line) => {
      options.onLog?.(line);
      options.onBuild?.(line);
    },
  };
  const result: BuildSampleImagesResult = { built: [], cached: [] };
  const instances = await loadSampleInstances(options.instancesDir);
  const record = (image: string, built: boolean) => (built ? result.built : result.cached).push(image);
  record(SAMPLE_BASE_IMAGE, await ensureBaseImage(log));
  record(SAMPLE_ENV_IMAGE, await ensureEnvImage(log));
  for (const sample of instances) record(sample.image, await ensureInstanceImage(sample, log));
  return result;
}

export interface SampleInstance {
  readonly instance: Instance;
  readonly dir: string;
  readonly image: string;
}

/** The sample rows (`<dir>/<instance_id>/instance.json`), each with an `image`. */
export async function loadSampleInstances(instancesDir: string): Promise<SampleInstance[]> {
  const loaded: SampleInstance[] = [];
  for (const name of (await readdir(instancesDir)).sort()) {
    const dir = join(instancesDir, name);
    const file = join(dir, "instance.json");
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    const instance = parseJsonAs(text, file, instanceRowSchema, "an instance row", (message, cause) => new SampleImageError(message, { cause }));
    if (instance.image === undefined) throw new SampleImageError(`${file}: expected an "image" field`);
    loaded.push({ instance, dir, image: instance.image });
  }
  if (loaded.length === 0) throw new SampleImageError(`${instancesDir}: no <instance>/instance.json found`);
  return loaded;
}

async function ensureBaseImage(log: BuildLogs): Promise<boolean> {
  const hash = sha256(["base", await readFile(BASE_SCRIPT, "utf8")]);
  if ((await imageLabel(SAMPLE_BASE_IMAGE)) === hash) return false;
  log.building(`building ${SAMPLE_BASE_IMAGE} (debootstrap)`);
  const env = { ...process.env, SERA_BENCH_BASE_IMAGE: SAMPLE_BASE_IMAGE, SERA_BENCH_BASE_LABEL: `${CONTENT_HASH_LABEL}=${hash}` };
  await run("bash", [BASE_SCRIPT, "--force"], log.output, env);
  return true;
}

async function ensureEnvImage(log: BuildLogs): Promise<boolean> {
  const [dockerfile, shim] = await Promise.all([readFile(ENV_DOCKERFILE, "utf8"), readFile(CONDA_SHIM, "utf8")]);
  const hash = sha256(["env", dockerfile, shim, await imageId(SAMPLE_BASE_IMAGE)]);
  const spec = { dockerfile: ENV_DOCKERFILE, image: SAMPLE_ENV_IMAGE, hash, args: { BASE_IMAGE: SAMPLE_BASE_IMAGE } };
  return buildUnlessCurrent(spec, log, (context) => copyFile(CONDA_SHIM, join(context, "conda-activate.sh")));
}

/**
 * The instance image; when the folder holds `future.diff` (a leak-guard instance), that image is
 * built as `<name>:pre-future` and the row's image adds a side branch with the fix after base_commit.
 */
async function ensureInstanceImage(sample: SampleInstance, log: BuildLogs): Promise<boolean> {
  const future = await readFile(join(sample.dir, "future.diff"), "utf8").catch(() => undefined);
  if (future === undefined) return ensureRepoImage(sample, sample.image, log);
  const pre = sample.image.replace(/(:[^/:]*)?$/, ":pre-future");
  const builtPre = await ensureRepoImage(sample, pre, log);
  const hash = sha256(["future", await readFile(FUTURE_DOCKERFILE, "utf8"), future, await imageId(pre)]);
  const args = { INSTANCE_IMAGE: pre, BASE_COMMIT: sample.instance.base_commit };
  const built = await buildUnlessCurrent({ dockerfile: FUTURE_DOCKERFILE, image: sample.image, hash, args }, log, (context) => writeFile(join(context, "future.diff"), future));
  return builtPre || built;
}

async function ensureRepoImage(sample: SampleInstance, image: string, log: BuildLogs): Promise<boolean> {
  const { instance, dir } = sample;
  const repoDir = join(dir, "repo");
  const inputs = [await readFile(INSTANCE_DOCKERFILE, "utf8"), await readFile(COMMIT_SCRIPT, "utf8")];
  const hash = sha256(["instance", ...inputs, instance.base_commit, await imageId(SAMPLE_ENV_IMAGE), ...(await treeDigest(repoDir))]);
  const args = { ENV_IMAGE: SAMPLE_ENV_IMAGE, BASE_COMMIT: instance.base_commit };
  return buildUnlessCurrent({ dockerfile: INSTANCE_DOCKERFILE, image, hash, args }, log, async (context) => {
    await copyFile(COMMIT_SCRIPT, join(context, "sample-commit.sh"));
    await cp(repoDir, join(context, "repo"), { recursive: true, filter: (path) => keepPath(path) });
  });
}

interface BuildSpec {
  readonly dockerfile: string;
  readonly image: string;
  readonly hash: string;
  readonly args: Readonly<Record<string, string>>;
}

/**
 * Builds the image in a fresh context (its Dockerfile plus what `fill` copies in), labelled with
 * its content hash, unless the image already carries that hash. True when it built.
 */
async function buildUnlessCurrent(spec: BuildSpec, log: BuildLogs, fill: (context: string) => Promise<unknown>): Promise<boolean> {
  if ((await imageLabel(spec.image)) === spec.hash) return false;
  log.building(`building ${spec.image}`);
  const context = await mkdtemp(join(tmpdir(), "sera-bench-sample-build-"));
  try {
    await fill(context);
    const dockerfileInContext = join(context, "Dockerfile");
    await copyFile(spec.dockerfile, dockerfileInContext);
    const buildArgs = Object.entries(spec.args).flatMap(([key, value]) => ["--build-arg", `${key}=${value}`]);
    const label = ["--label", `${CONTENT_HASH_LABEL}=${spec.hash}`];
    await run("docker", ["build", "--rm", "--force-rm", "-f", dockerfileInContext, ...buildArgs, ...label, "-t", spec.image, context], log.output);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  return true;
}

function keepPath(path: string): boolean {
  return !SKIPPED_NAMES.has(basename(path)) && !path.endsWith(".pyc");
}

/** Relative path, executable bit and content of every file under `root`, in a stable order. */
async function treeDigest(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => path.slice(root.length).split("/").every(keepPath))
    .sort();
  const parts: string[] = [];
  for (const path of files) {
    const content = await readFile(path, "utf8");
    parts.push(`${path.slice(root.length)}:${content.startsWith("#!") ? "x" : "-"}:${sha256([content])}`);
  }
  return parts;
}

function sha256(parts: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest("hex");
}

async function imageLabel(image: string): Promise<string | undefined> {
  const format = `{{index .Config.Labels "${CONTENT_HASH_LABEL}"}}`;
  const { code, output } = await capture("docker", ["image", "inspect", "--format", format, image]);
  const value = output.trim();
  return code === 0 && value !== "" && value !== "<no value>" ? value : undefined;
}

async function imageId(image: string): Promise<string> {
  const { code, output } = await capture("docker", ["image", "inspect", "--format", "{{.Id}}", image]);
  if (code !== 0) throw new SampleImageError(`docker image inspect ${image} failed: ${output.trim()}`);
  return output.trim();
}

/** Run a command to completion; its output goes to `log` line by line; a non-zero exit throws. */
async function run(command: string, args: readonly string[], log: (line: string) => void, env?: NodeJS.ProcessEnv): Promise<void> {
  const { code, output } = await capture(command, args, log, env);
  if (code !== 0) {
    const tail = output.trim().split("\n").slice(-20).join("\n");
    throw new SampleImageError(`${command} ${args.slice(0, 2).join(" ")} ... exited with ${code}:\n${tail}`);
  }
}

function capture(
  command: string,
  args: readonly string[],
  log?: (line: string) => void,
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: string[] = [];
    let pending = "";
    const onData = (data: Buffer) => {
      const text = data.toString("utf8");
      chunks.push(text);
      if (log === undefined) return;
      const lines = (pending + text).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) log(line);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", (error) => reject(new SampleImageError(`cannot run ${command}: ${error.message}`, { cause: error })));
    child.on("close", (code) => {
      if (log !== undefined && pending !== "") log(pending);
      resolve({ code, output: chunks.join("") });
    });
  });
}
