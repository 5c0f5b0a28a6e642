import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseJsonAs } from "../../util/json.ts";
import { projectPath } from "../../util/paths.ts";

/**
 * harness/protocols/mini-swe-agent.json: where mini-swe-agent keeps the files of its SWE-bench
 * protocol in each major version (`layouts`), and the commit and sha256 of each file at the tags
 * sera-bench pins (`tags`). Data only: the texts are read from the files at run time.
 */
const layoutSchema = z.object({
  config: z.string().min(1),
  agent: z.string().min(1),
  environment: z.string().min(1),
  model: z.string().min(1),
  actions: z.string().min(1).optional(),
  run: z.string().min(1),
});
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const miniManifestSchema = z.object({
  name: z.literal("mini-swe-agent"),
  description: z.string(),
  github: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  licence: z.string(),
  layouts: z.record(z.string().regex(/^\d+$/), layoutSchema),
  tags: z.record(z.string(), z.object({ commit: z.string().regex(/^[0-9a-f]{40}$/), files: z.record(z.string(), sha256) })),
});
export type MiniManifest = z.infer<typeof miniManifestSchema>;
export type MiniLayout = z.infer<typeof layoutSchema>;

export const MINI_MANIFEST_PATH = projectPath("harness/protocols/mini-swe-agent.json");
export const MINI_PRESET_PREFIX = "mini-swe-agent@";
const TAG = /^v(\d+)\.\d+\.\d+$/;

let cached: MiniManifest | undefined;

export function miniManifest(): MiniManifest {
  cached ??= parseJsonAs(readFileSync(MINI_MANIFEST_PATH, "utf8"), MINI_MANIFEST_PATH, miniManifestSchema, "a protocol manifest");
  return cached;
}

/** "mini-swe-agent@v1.17.2" -> "v1.17.2"; undefined for anything else. */
export function miniPresetTag(spec: string): string | undefined {
  return spec.startsWith(MINI_PRESET_PREFIX) ? spec.slice(MINI_PRESET_PREFIX.length) : undefined;
}

/** The major version of a tag ("v2.4.6" -> "2"), or undefined when it is not vMAJOR.MINOR.PATCH. */
export function tagMajor(tag: string): string | undefined {
  return TAG.exec(tag)?.[1];
}

/** The files of a major version's protocol, by role. */
export function layoutOf(manifest: MiniManifest, major: string): MiniLayout | undefined {
  return manifest.layouts[major];
}
