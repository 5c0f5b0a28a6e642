import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../util/paths.ts";
import { writeJsonAtomic } from "../../util/fs-atomic.ts";
import { readJsonIfValid } from "../../util/json-file.ts";
import type { ProtocolIdentity } from "../../protocol/identity.ts";

const ROOT = PROJECT_ROOT;

export type RunKind = "eval" | "infer" | "run";

/** `run.json`: what is needed to know what a run was and to reproduce it. No secrets, ever. */
export interface RunMeta {
  readonly kind: RunKind;
  readonly run_id: string;
  readonly dataset: string;
  readonly split: string;
  readonly model_name: string;
  readonly instance_ids: readonly string[];
  readonly created_at: string;
  readonly finished_at?: string;
  readonly sera_bench_version: string;
  readonly git_revision: string | null;
  /** Which agent protocol made the predictions (protocol/identity.ts): ours for infer/run, `eval --protocol` or unknown for eval. */
  readonly protocol: ProtocolIdentity;
  readonly options: Readonly<Record<string, unknown>>;
}

export function seraBenchVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/** The checkout's commit (`-dirty` with local changes); null outside a checkout of our own (an npm install). */
export function gitRevision(): string | null {
  if (!existsSync(join(ROOT, ".git"))) return null;
  try {
    const revision = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    return dirty === "" ? revision : `${revision}-dirty`;
  } catch {
    return null;
  }
}

/** Keep the first created_at of a run id across resumed invocations. */
export async function writeRunMeta(path: string, meta: Omit<RunMeta, "created_at" | "sera_bench_version" | "git_revision">): Promise<RunMeta> {
  let createdAt = new Date().toISOString();
  const earlier = await readJsonIfValid(path, z.looseObject({ created_at: z.string() }));
  if (earlier !== undefined) createdAt = earlier.created_at;
  const full: RunMeta = { ...meta, created_at: createdAt, sera_bench_version: seraBenchVersion(), git_revision: gitRevision() };
  await writeJsonAtomic(path, full, 2);
  return full;
}
