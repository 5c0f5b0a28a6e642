import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { RunFolderError } from "./errors.ts";

const SEED_SUFFIX = /-s(\d+)$/;

/** The seed siblings `<base>-s1`, `<base>-s2`, ... of a path, in seed order. */
async function seedSiblings(path: string): Promise<string[]> {
  const parent = dirname(path);
  const prefix = `${basename(path)}-s`;
  const names = await readdir(parent).catch(() => [] as string[]);
  const seed = (name: string) => name.slice(prefix.length);
  const seeds = names.filter((name) => name.startsWith(prefix) && /^\d+$/.test(seed(name)));
  return seeds.sort((a, b) => Number(seed(a)) - Number(seed(b))).map((name) => join(parent, name));
}

/**
 * RUN arguments -> run folders: a folder as given; a bare id is looked up under `results/`; a name
 * without a folder whose `-s1`, `-s2`, ... siblings exist stands for all its seeds.
 */
export async function resolveRunArgs(args: readonly string[], resultsDir = "results"): Promise<string[]> {
  if (args.length === 0) throw new RunFolderError("name at least one run folder (results/<run_id>)");
  const dirs: string[] = [];
  for (const arg of args) {
    const candidates = arg.includes("/") ? [arg] : [arg, join(resultsDir, arg)];
    const found = await firstRun(candidates);
    if (found.length === 0) {
      throw new RunFolderError(`no run folder at ${candidates.join(" or ")} (nor seed folders ${basename(arg)}-s1, -s2, ...): run \`sera-bench eval\` first or check the path`);
    }
    dirs.push(...found);
  }
  const unique = [...new Set(dirs.map((d) => resolve(d)))];
  if (unique.length !== dirs.length) throw new RunFolderError(`the same run folder is named twice: ${dirs.join(", ")}`);
  return dirs;
}

async function firstRun(candidates: readonly string[]): Promise<string[]> {
  for (const candidate of candidates) {
    if (await stat(candidate).then((s) => s.isDirectory(), () => false)) return [candidate];
    const seeds = await seedSiblings(candidate);
    if (seeds.length > 0) return seeds;
  }
  return [];
}

/** "sera-32k-s2" -> { base: "sera-32k", seed: 2 }. */
export function splitSeed(runId: string): { base: string; seed: number | undefined } {
  const match = SEED_SUFFIX.exec(runId);
  return match === null ? { base: runId, seed: undefined } : { base: runId.slice(0, match.index), seed: Number(match[1]) };
}
