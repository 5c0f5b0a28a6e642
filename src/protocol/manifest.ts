import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseJsonAs } from "../util/json.ts";
import { projectPath } from "../util/paths.ts";
import { SeraBenchError } from "../util/errors.ts";

/**
 * harness/protocols/sera.json: which published files make SERA's protocol, at which commits, with
 * their sha256, and the sha256 of each text part they yield (so any config can be told published or
 * custom without the files at hand). Data only: the texts themselves are never in this repository.
 */
const fileSchema = z.object({ repository: z.string().min(1), path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const locationSchema = z.object({ repository: z.string().min(1), path: z.string().min(1) });

export const protocolManifestSchema = z.object({
  name: z.string().min(1),
  description: z.string(),
  repositories: z.record(z.string(), z.object({ github: z.string().regex(/^[\w.-]+\/[\w.-]+$/), commit: z.string().regex(/^[0-9a-f]{40}$/), licence: z.string() })),
  config: locationSchema,
  tools_repository: z.string().min(1),
  system_prompt: locationSchema.extend({ constant: z.string().min(1) }),
  files: z.array(fileSchema).min(1),
  texts_sha256: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type ProtocolManifest = z.infer<typeof protocolManifestSchema>;
export type ManifestFile = z.infer<typeof fileSchema>;

export const SERA_MANIFEST_PATH = projectPath("harness/protocols/sera.json");

let cached: ProtocolManifest | undefined;

export function seraManifest(): ProtocolManifest {
  if (cached !== undefined) return cached;
  cached = parseJsonAs(readFileSync(SERA_MANIFEST_PATH, "utf8"), SERA_MANIFEST_PATH, protocolManifestSchema, "a protocol manifest");
  return cached;
}

/** "allenai/SERA@1ca8673 sera/configs/sweagent/e2e.yaml" */
export function describeFile(manifest: ProtocolManifest, file: { repository: string; path: string }): string {
  const repo = manifest.repositories[file.repository];
  return repo === undefined ? `${file.repository}/${file.path}` : `${repo.github}@${repo.commit.slice(0, 7)} ${file.path}`;
}

/** The raw-file URL of a manifest file under a base with GitHub's raw layout (<base>/<owner>/<name>/<commit>/<path>). */
export function rawFileUrl(manifest: ProtocolManifest, file: { repository: string; path: string }, base: string): string {
  const repo = manifest.repositories[file.repository];
  if (repo === undefined) throw new SeraBenchError(`${SERA_MANIFEST_PATH}: file ${file.path} names unknown repository ${file.repository}`);
  return `${base.replace(/\/+$/, "")}/${repo.github}/${repo.commit}/${file.path}`;
}
