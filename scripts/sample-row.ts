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

const execFileAsync = promisify(execFile);

export const SAMPLE_COMMIT_SCRIPT = fileURLToPath(new URL("./sample-commit.sh", import.meta.url));
const HEREDOC = "EOF_114329324912";
/** Extensions the official harness drops from test directives ("csv" really has no dot). */
const NON_TEST_EXTS = [".json", ".png", "csv", ".txt", ".md", ".jpg", ".jpeg", ".pkl", ".yml", ".yaml", ".toml"];

/** How each kind of sample runs its tests: the three runner styles of SWE-bench Verified. */
export const SAMPLE_RUNNERS = {
  pytest: { testCmd: "pytest -rA", logParser: "parse_log_pytest" },
  django: { testCmd: "./tests/runtests.py --verbosity 2 --settings=test_sqlite --parallel 1", logParser: "parse_log_django" },
  sympy: {
    testCmd: "PYTHONWARNINGS='ignore::UserWarning,ignore::SyntaxWarning' bin/test -C --verbose",
    logParser: "parse_log_sympy",
  },
} as const;
export type SampleRunner = keyof typeof SAMPLE_RUNNERS;

const metaSchema = z.object({
  runner: z.enum(["pytest", "django", "sympy"]),
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

/** Files the test patch changes that exist at the base commit (reset before and after the tests). */
export function filesToReset(testPatch: string): string[] {
  const files: string[] = [];
  let inHeader = false;
  for (const line of testPatch.split("\n")) {
    if (line.startsWith("diff --git ")) inHeader = true;
    else if (line.startsWith("@@")) inHeader = false;
    const source = inHeader ? /^--- a\/(.+)$/.exec(line)?.[1] : undefined;
    if (source !== undefined) files.push(source);
  }
  return files;
}

/** Test directives as the official harness derives them from a test patch. */
export function testDirectives(testPatch: string, runner: SampleRunner): string[] {
  const paths = [...testPatch.matchAll(/^diff --git a\/.* b\/(.*)$/gm)].map((match) => match[1] ?? "");
  const tests = paths.filter((path) => !NON_TEST_EXTS.some((ext) => path.endsWith(ext)));
  if (runner !== "django") return tests;
  return tests.map((path) => {
    const noExt = path.endsWith(".py") ? path.slice(0, -3) : path;
    const noDir = noExt.startsWith("tests/") ? noExt.slice("tests/".length) : noExt;
    return noDir.replaceAll("/", ".");
  });
}

export function buildEvalScript(options: { baseCommit: string; testPatch: string; runner: SampleRunner }): string {
  const { baseCommit, testPatch, runner } = options;
  const reset = `git checkout ${baseCommit} ${filesToReset(testPatch).join(" ")}`;
  const testCommand = [SAMPLE_RUNNERS[runner].testCmd, ...testDirectives(testPatch, runner)].join(" ");
  const lines = [
    "#!/bin/bash",
    "set -uxo pipefail",
    "source /opt/miniconda3/bin/activate",
    "conda activate testbed",
    "cd /testbed",
    "git config --global --add safe.directory /testbed",
    "cd /testbed",
    "git status",
    "git show",
    `git -c core.fileMode=false diff ${baseCommit}`,
    "source /opt/miniconda3/bin/activate",
    "conda activate testbed",
    reset,
    `git apply -v - <<'${HEREDOC}'`,
    testPatch,
    HEREDOC,
    ": '>>>>> Start Test Output'",
    testCommand,
    ": '>>>>> End Test Output'",
    reset,
  ];
  return lines.join("\n") + "\n";
}

/** `sera-bench/sweb.eval.x86_64.<id>:latest` with `__` -> `_1776_`, lowercased (v5 naming). */
export function sampleImageName(instanceId: string): string {
  return `sera-bench/sweb.eval.x86_64.${instanceId}:latest`.replaceAll("__", "_1776_").toLowerCase();
}

/** A JSON list the way Python's json.dumps writes it (the hub's encoding of F2P/P2P). */
function pythonJsonList(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(", ")}]`;
}

/** The SWE-bench row (17 columns, in the parquet's order) of a sample instance. */
export function buildSampleRow(source: SampleSource, baseCommit: string): Record<string, string> {
  const { instanceId, meta } = source;
  const name = instanceId.replace(/^sera-bench__/, "").replace(/-\d+$/, "");
  return {
    repo: `sera-bench/${name}`,
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
    eval_script: buildEvalScript({ baseCommit, testPatch: source.testPatch, runner: meta.runner }),
    log_parser: SAMPLE_RUNNERS[meta.runner].logParser,
    eval_type: "pass_and_fail",
    image: sampleImageName(instanceId),
  };
}
