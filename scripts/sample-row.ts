/**
 * The bundled sample instances: from an instance's sources (meta.json, gold.diff, test.diff,
 * repo/) to its SWE-bench row, with an eval script of the official shape. Used by
 * scripts/sample-rows.ts (writes instance.json) and by the tests (checks it is up to date).
 */
import { execFile } from "node:child_process";
import { readFile, readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { z } from "zod";
import { DEFAULT_IMAGE_NAMING, instanceImageName, type ImageNaming } from "../src/evaluation/image-name.ts";
import { generateEvalScript } from "../src/evaluation/spec/eval-script.ts";
import { lookupRepoSpec } from "../src/evaluation/spec/repo-specs.ts";

const execFileAsync = promisify(execFile);

export const SAMPLE_COMMIT_SCRIPT = fileURLToPath(new URL("./sample-commit.sh", import.meta.url));
/** The three runner styles of SWE-bench Verified; each sample's test command and parser are in harness/specs. */
const SAMPLE_RUNNER_NAMES = ["pytest", "django", "sympy"] as const;
export type SampleRunner = (typeof SAMPLE_RUNNER_NAMES)[number];

const metaSchema = z.object({
  runner: z.enum(SAMPLE_RUNNER_NAMES),
  created_at: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, "expected an ISO-8601 UTC time"),
  difficulty: z.string().min(1),
  problem_statement: z.string().min(1),
  FAIL_TO_PASS: z.array(z.string()).min(1),
  PASS_TO_PASS: z.array(z.string()),
});
export type SampleMeta = z.infer<typeof metaSchema>;

export interface SampleSource {
  readonly instanceId: string;
  readonly dir: string;
  readonly meta: SampleMeta;
  readonly goldPatch: string;
  readonly testPatch: string;
}

/** Instance source directories under `instancesDir` (those holding a meta.json), sorted. */
export async function listSampleDirs(instancesDir: string): Promise<string[]> {
  const names = (await readdir(instancesDir)).sort();
  const dirs: string[] = [];
  for (const name of names) {
    const meta = join(instancesDir, name, "meta.json");
    if (await stat(meta).then((s) => s.isFile(), () => false)) dirs.push(join(instancesDir, name));
  }
  return dirs;
}

export async function loadSampleSource(dir: string): Promise<SampleSource> {
  const metaPath = join(dir, "meta.json");
  const parsed = metaSchema.safeParse(JSON.parse(await readFile(metaPath, "utf8")));
  if (!parsed.success) throw new Error(`${metaPath}: ${z.prettifyError(parsed.error)}`);
  return {
    instanceId: basename(dir),
    dir,
    meta: parsed.data,
    goldPatch: await readFile(join(dir, "gold.diff"), "utf8"),
    testPatch: await readFile(join(dir, "test.diff"), "utf8"),
  };
}

/** The reproducible base commit of `repoDir`, computed by scripts/sample-commit.sh. */
export async function computeBaseCommit(repoDir: string): Promise<string> {
  const { stdout } = await execFileAsync("bash", [SAMPLE_COMMIT_SCRIPT, repoDir]);
  const sha = stdout.trim();
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`sample-commit.sh ${repoDir}: expected a sha, got ${JSON.stringify(stdout)}`);
  return sha;
}

/** The official naming rule (`__` -> `_1776_`, lowercased) under our own namespace. */
const SAMPLE_IMAGE_NAMING: ImageNaming = { ...DEFAULT_IMAGE_NAMING, namespace: "sera-bench", ignoreRowImage: true };

/** A JSON list the way Python's json.dumps writes it (the hub's encoding of F2P/P2P). */
function pythonJsonList(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(", ")}]`;
}

/** The SWE-bench row (17 columns, in the parquet's order) of a sample instance. */
export function buildSampleRow(source: SampleSource, baseCommit: string): Record<string, string> {
  const { instanceId, meta } = source;
  const name = instanceId.replace(/^sera-bench__/, "").replace(/-\d+$/, "");
  const key = { instance_id: instanceId, repo: `sera-bench/${name}`, version: "1.0" };
  // The eval script comes from the same generator and harness/specs data as the official repos'.
  const spec = lookupRepoSpec(key);
  const evalScript = generateEvalScript({ ...key, base_commit: baseCommit, test_patch: source.testPatch });
  return {
    repo: key.repo,
    instance_id: instanceId,
    base_commit: baseCommit,
    patch: source.goldPatch,
    test_patch: source.testPatch,
    problem_statement: meta.problem_statement,
    hints_text: "",
    created_at: meta.created_at,
    version: "1.0",
    FAIL_TO_PASS: pythonJsonList(meta.FAIL_TO_PASS),
    PASS_TO_PASS: pythonJsonList(meta.PASS_TO_PASS),
    environment_setup_commit: baseCommit,
    difficulty: meta.difficulty,
    eval_script: evalScript,
    log_parser: spec.logParser,
    eval_type: "pass_and_fail",
    image: instanceImageName({ ...key, image: undefined }, SAMPLE_IMAGE_NAMING),
  };
}
