import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { writeFileAtomic } from "../../util/fs-atomic.ts";
import { sha256Hex } from "../files.ts";
import { DEFAULT_PUBLISHED_BASE_URL, ProtocolUnavailableError } from "../published-files.ts";
import { SeraBenchError } from "../../util/errors.ts";
import type { MiniManifest } from "./manifest.ts";

const DOWNLOAD_TIMEOUT_MS = 30_000;
export const MINI_DIR_ENV = "SERA_BENCH_MINI_DIR";

export interface MiniFile {
  readonly path: string;
  readonly text: string;
  readonly sha256: string;
  /** Where it was read from (a file or a URL). */
  readonly origin: string;
}

export interface MiniSourceOptions {
  /** $XDG_CACHE_HOME/sera-bench/published/mini-swe-agent/<tag>/<path>. */
  readonly cacheDir?: string;
  /** SERA_BENCH_MINI_DIR: a folder per tag, each laid out as the repository (<tag>/src/minisweagent/...). */
  readonly offlineDir?: string | undefined;
  /** SERA_BENCH_PUBLISHED_URL: a base URL with GitHub's raw layout. */
  readonly baseUrl?: string;
  readonly fetch?: typeof globalThis.fetch;
}

export function miniSourceOptions(env: NodeJS.ProcessEnv = process.env): MiniSourceOptions {
  return {
    cacheDir: join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "sera-bench", "published", "mini-swe-agent"),
    offlineDir: env[MINI_DIR_ENV] === "" ? undefined : env[MINI_DIR_ENV],
    baseUrl: env.SERA_BENCH_PUBLISHED_URL ?? DEFAULT_PUBLISHED_BASE_URL,
  };
}

export interface MiniReader {
  read(path: string): Promise<MiniFile>;
  describe(): string;
}

/**
 * The files of a tag, from: the cache; SERA_BENCH_MINI_DIR/<tag>/; a download from the raw URL
 * pinned to the tag (then cached). At a tag of the manifest each file is checked against its sha256
 * (a file that differs is not the published one: an error, never used); another tag is taken as found.
 */
export function tagReader(manifest: MiniManifest, tag: string, options: MiniSourceOptions = miniSourceOptions()): MiniReader {
  const pinned = manifest.tags[tag];
  return {
    async read(path) {
      const expected = pinned?.files[path];
      const failures: string[] = [];
      const cached = options.cacheDir === undefined ? undefined : join(options.cacheDir, tag, path);
      if (cached !== undefined && existsSync(cached)) {
        const bytes = await readFile(cached);
        if (expected === undefined || sha256Hex(bytes) === expected) return file(path, bytes, cached);
      }
      if (options.offlineDir !== undefined) {
        const local = join(options.offlineDir, tag, path);
        if (existsSync(local)) return file(path, checked(await readFile(local), expected, `${MINI_DIR_ENV} file ${local}`), local);
        failures.push(`${MINI_DIR_ENV} has no ${tag}/${path}`);
      }
      const url = `${(options.baseUrl ?? DEFAULT_PUBLISHED_BASE_URL).replace(/\/+$/, "")}/${manifest.github}/${pinned?.commit ?? tag}/${path}`;
      const bytes = await download(url, options, failures);
      if (bytes === undefined) throw unavailable(manifest, tag, path, options, failures);
      checked(bytes, expected, `the download ${url}`);
      if (cached !== undefined) await writeFileAtomic(cached, bytes);
      return file(path, bytes, url);
    },
    describe: () => `mini-swe-agent ${tag}${pinned === undefined ? "" : ` (${manifest.github}@${pinned.commit.slice(0, 7)})`}`,
  };
}

/** A local copy (a checkout, or a tag folder of SERA_BENCH_MINI_DIR): files under `root`, taken as they are. */
export function checkoutReader(root: string): MiniReader {
  return {
    async read(path) {
      const at = join(root, path);
      try {
        return file(path, await readFile(at), at);
      } catch (error) {
        throw new SeraBenchError(`mini-swe-agent checkout ${root}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    },
    describe: () => `the mini-swe-agent copy at ${root}`,
  };
}

/** The folder holding src/minisweagent/ above a config file (a checkout or a tag folder), if any. */
export function checkoutRootOf(configPath: string): string | undefined {
  for (let dir = dirname(resolve(configPath)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "src", "minisweagent", "agents", "default.py"))) return dir;
    if (dir === dirname(dir)) return undefined;
  }
}

function file(path: string, bytes: Buffer, origin: string): MiniFile {
  return { path, text: bytes.toString("utf8"), sha256: sha256Hex(bytes), origin };
}

function checked(bytes: Buffer, expected: string | undefined, what: string): Buffer {
  if (expected === undefined) return bytes;
  const actual = sha256Hex(bytes);
  if (actual === expected) return bytes;
  throw new SeraBenchError(
    `${what} has sha256 ${actual}, not the published ${expected}: it is not mini-swe-agent's published file. ` +
      "To run modified texts on purpose, pass the copied config as --agent-config PATH (the run is then labelled protocol: custom).",
  );
}

async function download(url: string, options: MiniSourceOptions, failures: string[]): Promise<Buffer | undefined> {
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    failures.push(`download of ${url} failed (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
  if (!response.ok) {
    failures.push(`download of ${url} failed (HTTP ${response.status})`);
    return undefined;
  }
  return Buffer.from(await response.arrayBuffer());
}

function unavailable(manifest: MiniManifest, tag: string, path: string, options: MiniSourceOptions, failures: readonly string[]): ProtocolUnavailableError {
  return new ProtocolUnavailableError(
    `mini-swe-agent ${tag}'s file ${path} could not be loaded (${failures.at(-1) ?? "no source"}).\n` +
      "Provide it in one of three ways:\n" +
      `  1. on a machine that reaches ${options.baseUrl ?? DEFAULT_PUBLISHED_BASE_URL}: run once with --agent-config mini-swe-agent@${tag} (files are cached in ${options.cacheDir ?? "the cache"}; copy that folder to offline machines);\n` +
      `  2. offline: set ${MINI_DIR_ENV} to a folder with a folder per tag laid out as the repository (${tag}/src/minisweagent/...; the cache folder has that layout);\n` +
      `  3. a local checkout of ${manifest.github} at ${tag}: --agent-config path/to/src/minisweagent/config/.../swebench.yaml.`,
  );
}
