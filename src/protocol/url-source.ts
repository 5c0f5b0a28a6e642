import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../util/fs-atomic.ts";
import { protocolFile, sha256Hex } from "./files.ts";
import type { ProtocolFileReader } from "./files.ts";
import { SeraBenchError } from "../util/errors.ts";

const COMMIT = /(?:^|\/)[0-9a-f]{40}(?=\/)/;

/**
 * A config URL must be pinned to a commit (a 40-hex path segment), so it cannot change under a run;
 * it is downloaded once into $XDG_CACHE_HOME/sera-bench/configs/.
 */
export async function fetchPinned(url: string, fetchFn: typeof fetch): Promise<Buffer> {
  if (!COMMIT.test(new URL(url).pathname)) {
    throw new SeraBenchError(`--agent-config ${url}: a URL must be pinned to a commit (contain a 40-hex commit sha as a path segment), so the configuration cannot change under you`);
  }
  const bytes = await fetchCached(url, fetchFn);
  if (bytes === undefined) throw new SeraBenchError(`--agent-config ${url}: HTTP 404`);
  return bytes;
}

/** undefined on 404; other failures throw with the URL and what to do. */
async function fetchCached(url: string, fetchFn: typeof fetch): Promise<Buffer | undefined> {
  const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "sera-bench", "configs");
  const cached = join(cacheDir, sha256Hex(url));
  if (existsSync(cached)) return readFile(cached);
  const response = await fetchFn(url, { signal: AbortSignal.timeout(30_000) }).catch((error: unknown) => {
    throw new SeraBenchError(`--agent-config: download of ${url} failed (${String(error)}); download the checkout yourself and pass the local file path`);
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new SeraBenchError(`--agent-config: ${url}: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  await writeFileAtomic(cached, bytes);
  return bytes;
}

/**
 * The files a SWE-agent YAML at a pinned URL names, looked up under the same commit root
 * (<...>/<commit>/tools/<bundle>/config.yaml, .../sweagent/tools/parsing.py); both roles share it.
 */
export function urlReader(configUrl: string, fetchFn: typeof fetch): ProtocolFileReader {
  const url = new URL(configUrl);
  const match = COMMIT.exec(url.pathname);
  const root = `${url.origin}${url.pathname.slice(0, (match?.index ?? 0) + (match?.[0].length ?? 0))}/`;
  return {
    async read(role, path) {
      const fileUrl = `${root}${path}`;
      const bytes = await fetchCached(fileUrl, fetchFn);
      return bytes === undefined ? undefined : protocolFile(role, path, bytes, fileUrl);
    },
    describe: () => `${root} (the URL's commit; a SERA config keeps its tools in a submodule: use a local checkout)`,
  };
}
