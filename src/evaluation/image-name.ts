import type { Instance } from "../dataset/row.ts";
import { SeraBenchError } from "../util/errors.ts";

/** What an image name depends on. */
export type ImageKey = Pick<Instance, "instance_id" | "repo" | "image">;

export interface ImageNaming {
  /** Registry namespace for `{namespace}/sweb.eval.{arch}.{instance_id}` (official default: swebench). */
  readonly namespace: string;
  /**
   * Overrides the name entirely; placeholders {namespace}, {arch}, {instance_id} (lowercased, `__` kept:
   * registries such as ghcr.io allow it), {instance_id_1776} (Docker Hub form), {repo}, {tag}.
   */
  readonly template?: string;
  readonly arch: string;
  readonly tag: string;
  /** Ignore the row's `image` column even when it has one. */
  readonly ignoreRowImage: boolean;
}

export const DEFAULT_IMAGE_NAMING: ImageNaming = { namespace: "swebench", arch: "x86_64", tag: "latest", ignoreRowImage: false };

/**
 * The instance image. The row's `image` wins (v5 datasets carry it) unless a namespace or template was
 * asked for; otherwise the official rule: `{namespace}/sweb.eval.{arch}.{instance_id}:{tag}` with every
 * `__` replaced by `_1776_` (Docker Hub forbids `__`) and the whole name lowercased.
 */
export function instanceImageName(instance: ImageKey, naming: ImageNaming = DEFAULT_IMAGE_NAMING): string {
  if (instance.image !== undefined && naming.template === undefined && !naming.ignoreRowImage) return instance.image;
  if (naming.template !== undefined) return fillTemplate(naming.template, instance, naming);
  const prefix = naming.namespace === "" ? "" : `${naming.namespace}/`;
  return `${prefix}sweb.eval.${naming.arch}.${instance.instance_id}:${naming.tag}`.replaceAll("__", "_1776_").toLowerCase();
}

function fillTemplate(template: string, instance: ImageKey, naming: ImageNaming): string {
  const values: Record<string, string> = {
    namespace: naming.namespace,
    arch: naming.arch,
    instance_id: instance.instance_id.toLowerCase(),
    instance_id_1776: instance.instance_id.replaceAll("__", "_1776_").toLowerCase(),
    repo: instance.repo.replace("/", "__").toLowerCase(),
    tag: naming.tag,
  };
  const name = template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) throw new SeraBenchError(`--image-template: unknown placeholder ${whole}; known: ${Object.keys(values).map((k) => `{${k}}`).join(", ")}`);
    return value;
  });
  return name.includes(":") && !name.endsWith(":") && name.lastIndexOf(":") > name.lastIndexOf("/") ? name : `${name}:${naming.tag}`;
}
