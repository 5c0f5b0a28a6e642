import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../util/fs-atomic.ts";
import { protocolFile, sha256Hex } from "./files.ts";
import type { FileRole, ProtocolFileReader } from "./files.ts";
import { describeFile, rawFileUrl } from "./manifest.ts";
import type { ManifestFile, ProtocolManifest } from "./manifest.ts";
import { SeraBenchError } from "../util/errors.ts";

export const DEFAULT_PUBLISHED_BASE_URL = "https://raw.githubusercontent.com";
const DOWNLOAD_TIMEOUT_MS = 30_000;

export interface PublishedSourceOptions {
  /** $XDG_CACHE_HOME/sera-bench/published (default). */
  readonly cacheDir?: string;
  /** SERA_BENCH_PUBLISHED_DIR: a folder laid out as <repository key>/<path>. */
  readonly publishedDir?: string | undefined;
  /** SERA_BENCH_PUBLISHED_URL: a base URL with GitHub's raw layout (a mirror); default raw.githubusercontent.com. */
  readonly baseUrl?: string;
  readonly fetch?: typeof globalThis.fetch;
}

export function publishedSourceOptions(env: NodeJS.ProcessEnv = process.env): PublishedSourceOptions {
  return {
    cacheDir: join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "sera-bench", "published"),
    publishedDir: env.SERA_BENCH_PUBLISHED_DIR === "" ? undefined : env.SERA_BENCH_PUBLISHED_DIR,
    baseUrl: env.SERA_BENCH_PUBLISHED_URL ?? DEFAULT_PUBLISHED_BASE_URL,
  };
}

/** The published files could not be had from any source: says the three ways to provide them. */
export class ProtocolUnavailableError extends SeraBenchError {
  override readonly name = "ProtocolUnavailableError";
}

/**
 * Reads a manifest's files, each checked against its sha256, from: the cache; the folder named by
 * SERA_BENCH_PUBLISHED_DIR; a download from the pinned raw-file URL (then cached). A file that
 * does not match its sha256 is an error (it is not what was published), never used.
 */
export function publishedReader(manifest: ProtocolManifest, options: PublishedSourceOptions = publishedSourceOptions()): ProtocolFileReader {
  const roleOf = (repository: string): FileRole => (repository === manifest.tools_repository ? "swe-agent" : "sera");
  return {
    async read(role, path) {
      const file = manifest.files.find((candidate) => roleOf(candidate.repository) === role && candidate.path === path);
      if (file === undefined) return undefined;
      const failures: string[] = [];
      const found = await readPublished(manifest, file, options, failures);
      if (found === undefined) throw unavailable(manifest, file, options, failures);
      return protocolFile(role, path, found.bytes, found.origin);
    },
    describe: () => `the published files (${Object.values(manifest.repositories).map((r) => `${r.github}@${r.commit.slice(0, 7)}`).join(", ")})`,
  };
}

/** `sera-bench protocol fetch`: every file of the manifest into the cache; returns where each came from. */
export async function fetchPublished(manifest: ProtocolManifest, options: PublishedSourceOptions = publishedSourceOptions()): Promise<{ file: string; origin: string }[]> {
  const done: { file: string; origin: string }[] = [];
  for (const file of manifest.files) {
    const failures: string[] = [];
    const found = await readPublished(manifest, file, options, failures);
    if (found === undefined) throw unavailable(manifest, file, options, failures);
    if (options.cacheDir !== undefined && !found.origin.startsWith(options.cacheDir)) await writeFileAtomic(join(options.cacheDir, file.repository, file.path), found.bytes);
    done.push({ file: describeFile(manifest, file), origin: found.origin });
  }
  return done;
}

async function readPublished(manifest: ProtocolManifest, file: ManifestFile, options: PublishedSourceOptions, failures: string[]): Promise<{ bytes: Buffer; origin: string } | undefined> {
  const cached = options.cacheDir === undefined ? undefined : join(options.cacheDir, file.repository, file.path);
  if (cached !== undefined && existsSync(cached)) {
    const bytes = await readFile(cached);
    const actual = sha256Hex(bytes);
    if (actual === file.sha256) return { bytes, origin: cached };
    failures.push(`the cached ${cached} is present but its sha256 is ${actual}, not the expected ${file.sha256} (delete it and run \`sera-bench protocol fetch\`)`);
  }
  if (options.publishedDir !== undefined) {
    const local = join(options.publishedDir, file.repository, file.path);
    if (existsSync(local)) return { bytes: checked(await readFile(local), file, manifest, `SERA_BENCH_PUBLISHED_DIR file ${local}`), origin: local };
    failures.push(`SERA_BENCH_PUBLISHED_DIR has no ${file.repository}/${file.path}`);
  }
  const bytes = await download(manifest, file, options, failures);
  if (bytes === undefined) return undefined;
  if (cached !== undefined) await writeFileAtomic(cached, bytes);
  return { bytes, origin: rawFileUrl(manifest, file, options.baseUrl ?? DEFAULT_PUBLISHED_BASE_URL) };
}

async function download(manifest: ProtocolManifest, file: ManifestFile, options: PublishedSourceOptions, failures: string[]): Promise<Buffer | undefined> {
  const url = rawFileUrl(manifest, file, options.baseUrl ?? DEFAULT_PUBLISHED_BASE_URL);
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    failures.push(`download of ${url} failed (${error instanceof Error ? error.message : String(error)}${cause})`);
    return undefined;
  }
  if (!response.ok) {
    failures.push(`download of ${url} failed (HTTP ${response.status})`);
    return undefined;
  }
  return checked(Buffer.from(await response.arrayBuffer()), file, manifest, `the download ${url}`);
}

function checked(bytes: Buffer, file: ManifestFile, manifest: ProtocolManifest, what: string): Buffer {
  const actual = sha256Hex(bytes);
  if (actual === file.sha256) return bytes;
  throw new SeraBenchError(
    `${what} has sha256 ${actual}, not the published ${file.sha256} of ${describeFile(manifest, file)}: it is not the published file. ` +
      "To run modified texts on purpose, pass the folder's config as --agent-config PATH (the run is then labelled protocol: custom).",
  );
}

function unavailable(manifest: ProtocolManifest, file: ManifestFile, options: PublishedSourceOptions, failures: readonly string[]): ProtocolUnavailableError {
  const repos = Object.keys(manifest.repositories).join("/<path>, ");
  return new ProtocolUnavailableError(
    `SERA's published protocol files could not be loaded (first not loaded: ${describeFile(manifest, file)}; ${failures.length === 0 ? "no source" : failures.join("; ")}).\n` +
      "Provide them in one of three ways:\n" +
      `  1. on a machine that reaches ${options.baseUrl ?? DEFAULT_PUBLISHED_BASE_URL}: run \`sera-bench protocol fetch\` once (files are cached in ${options.cacheDir ?? "the cache"}; copy that folder to offline machines);\n` +
      `  2. offline: set SERA_BENCH_PUBLISHED_DIR to a folder laid out as ${repos}/<path> (the cache folder has that layout);\n` +
      "  3. a local checkout: --agent-config path/to/SERA/sera/configs/sweagent/e2e.yaml (with its modules/SERA-SWE-Agent submodule), or a SWE-agent checkout's config YAML.",
  );
}
