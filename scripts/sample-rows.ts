/**
 * Regenerate the bundled sample instances' rows and fixture predictions from their sources.
 *
 *   tsx scripts/sample-rows.ts [--check] [instances-dir]
 *
 * Writes <instances-dir>/<id>/instance.json for every instance source directory, and
 * <instances-dir>/predictions/{wrong,does-not-apply,empty}.jsonl. With --check nothing is
 * written: the exit code is 1 when a file is missing or differs from what would be written.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSampleRow, computeBaseCommit, listSampleDirs, loadSampleSource } from "./sample-row.ts";

const DEFAULT_DIR = fileURLToPath(new URL("../instances/sample", import.meta.url));

/** Per-instance patch files that become fixture predictions (a missing file gives ""). */
const PREDICTION_SETS = [
  { file: "wrong.jsonl", model: "sample/wrong-fixes", patchFile: "wrong.diff", empty: "" },
  { file: "does-not-apply.jsonl", model: "sample/does-not-apply", patchFile: "does-not-apply.diff", empty: "" },
  { file: "empty.jsonl", model: "sample/empty", patchFile: undefined, empty: null },
] as const;

async function readOptional(path: string): Promise<string | undefined> {
  return readFile(path, "utf8").catch(() => undefined);
}

/** Every file this script owns, path -> content. */
export async function renderSampleFiles(instancesDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const dirs = await listSampleDirs(instancesDir);
  for (const dir of dirs) {
    const source = await loadSampleSource(dir);
    const row = buildSampleRow(source, await computeBaseCommit(join(dir, "repo")));
    files.set(join(dir, "instance.json"), JSON.stringify(row, null, 2) + "\n");
  }
  for (const set of PREDICTION_SETS) {
    const lines: string[] = [];
    for (const [index, dir] of dirs.entries()) {
      const found = set.patchFile === undefined ? undefined : await readOptional(join(dir, set.patchFile));
      // empty.jsonl alternates null and "" so both spellings of "no patch" are covered.
      const empty = set.empty === null && index % 2 === 1 ? "" : set.empty;
      lines.push(JSON.stringify({ instance_id: basename(dir), model_name_or_path: set.model, model_patch: found ?? empty }));
    }
    files.set(join(instancesDir, "predictions", set.file), lines.join("\n") + "\n");
  }
  return files;
}

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes("--check");
  const instancesDir = resolve(argv.find((arg) => !arg.startsWith("--")) ?? DEFAULT_DIR);
  const files = await renderSampleFiles(instancesDir);
  let stale = 0;
  for (const [path, content] of files) {
    if ((await readOptional(path)) === content) continue;
    stale += 1;
    if (check) {
      console.error(`stale: ${path} (run: tsx scripts/sample-rows.ts)`);
      continue;
    }
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, content);
    console.log(`wrote ${path}`);
  }
  if (!check) console.log(`${files.size} files, ${stale} written`);
  return check && stale > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
