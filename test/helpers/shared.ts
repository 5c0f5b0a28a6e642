import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";

/** The repository root, and `../shared` beside it (as in CI); SERA_BENCH_SHARED overrides. */
export const REPO_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const SHARED_DIR = process.env.SERA_BENCH_SHARED ?? join(REPO_ROOT, "..", "shared");
export const SHARED_DATA = join(SHARED_DIR, "data");
