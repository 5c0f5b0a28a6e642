import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { protocolFile } from "./files.ts";
import type { FileRole, ProtocolFileReader } from "./files.ts";

/**
 * Where the files of a SWE-agent config given as a local path live:
 *   - a SWE-agent checkout: <root>/config/...yaml, bundles in <root>/tools/, parser in <root>/sweagent/;
 *   - a SERA checkout: <root>/sera/configs/sweagent/e2e.yaml, SERA's constants in <root>/sera/, the
 *     SWE-agent fork as the submodule <root>/modules/SERA-SWE-Agent/;
 *   - the published layout (SERA_BENCH_PUBLISHED_DIR, the cache): <dir>/allenai-SERA/... beside
 *     <dir>/allenai-SERA-SWE-agent/...
 * Found by walking up from the config file; `firstBundle` (e.g. tools/registry) identifies a SWE-agent root.
 */
export function checkoutReader(configPath: string, firstBundle: string | undefined): ProtocolFileReader & { readonly roots: Partial<Record<FileRole, string>> } {
  const roots: Partial<Record<FileRole, string>> = {};
  for (let dir = dirname(resolve(configPath)); ; dir = dirname(dir)) {
    if (roots.sera === undefined && existsSync(join(dir, "sera", "constants.py"))) roots.sera = dir;
    if (roots["swe-agent"] === undefined) {
      const candidate = [dir, join(dir, "modules", "SERA-SWE-Agent"), join(dir, "allenai-SERA-SWE-agent")].find((root) => isSweAgentRoot(root, firstBundle));
      if (candidate !== undefined) roots["swe-agent"] = candidate;
    }
    if (dir === dirname(dir) || (roots.sera !== undefined && roots["swe-agent"] !== undefined)) break;
  }
  return {
    roots,
    async read(role, path) {
      const root = roots[role];
      if (root === undefined) return undefined;
      const file = join(root, path);
      if (!existsSync(file)) return undefined;
      return protocolFile(role, path, await readFile(file), file);
    },
    describe(role) {
      const root = roots[role];
      if (root !== undefined) return `${role === "sera" ? "the SERA checkout" : "the SWE-agent checkout"} at ${root}`;
      return role === "sera"
        ? `no SERA checkout (a folder with sera/constants.py) above ${configPath}`
        : `no SWE-agent checkout (a folder with ${firstBundle ?? "tools/"}/config.yaml, or modules/SERA-SWE-Agent/ or allenai-SERA-SWE-agent/ holding one) above ${configPath}`;
    },
  };
}

function isSweAgentRoot(dir: string, firstBundle: string | undefined): boolean {
  if (firstBundle !== undefined) return existsSync(join(dir, firstBundle, "config.yaml"));
  return existsSync(join(dir, "sweagent", "tools", "parsing.py"));
}
