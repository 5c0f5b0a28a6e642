import type Docker from "dockerode";
import { readImageUse } from "./usage.ts";

/** Instance images: official `swebench/sweb.eval.*`, Epoch's, and the sample's `sera-bench/sweb.eval.*`. */
export const INSTANCE_IMAGE_PATTERN = /(^|\/)sweb\.eval\./;

export interface ImageEntry {
  readonly id: string;
  readonly refs: readonly string[];
  /** Bytes of the image with its parents (what `docker images` shows). */
  readonly size: number;
  /** Bytes shared with other images (base and environment layers). */
  readonly sharedSize: number;
  /** Bytes only this image holds: what removing it frees. */
  readonly uniqueSize: number;
  readonly created: Date;
  readonly lastUsed?: Date;
  /** Containers (running or not) using the image: never removed while > 0. */
  readonly containers: number;
}

interface DfImage {
  Id: string;
  RepoTags?: string[] | null;
  Size: number;
  SharedSize: number;
  Created: number;
  Containers: number;
}

/** The engine's images whose name matches, with sizes from `system df` and sera-bench's last-use records. */
export async function listImages(docker: Docker, host: string, pattern: RegExp = INSTANCE_IMAGE_PATTERN): Promise<ImageEntry[]> {
  const [df, uses] = await Promise.all([docker.df() as Promise<{ Images?: DfImage[] | null }>, readImageUse(host)]);
  const entries: ImageEntry[] = [];
  for (const image of df.Images ?? []) {
    const refs = (image.RepoTags ?? []).filter((ref) => ref !== "<none>:<none>" && pattern.test(ref));
    if (refs.length === 0) continue;
    const shared = Math.max(0, image.SharedSize);
    const used = refs.map((ref) => uses.get(ref)?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
    entries.push({
      id: image.Id, refs, size: image.Size, sharedSize: shared, uniqueSize: Math.max(0, image.Size - shared),
      created: new Date(image.Created * 1000), ...(used > 0 ? { lastUsed: new Date(used) } : {}), containers: Math.max(0, image.Containers),
    });
  }
  return entries;
}

/**
 * Disk the images take, estimated: their own bytes plus the largest shared part once. Exact when
 * they share one parent chain (base -> environment), as instance images of one environment do;
 * an overestimate of nothing and an underestimate only when several environments are present.
 */
export function footprint(entries: readonly ImageEntry[]): number {
  const unique = entries.reduce((sum, entry) => sum + entry.uniqueSize, 0);
  const shared = entries.reduce((max, entry) => Math.max(max, entry.sharedSize), 0);
  return unique + shared;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
