import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { sha256Hex } from "../files.ts";
import type { ProtocolIdentity } from "../identity.ts";
import type { MiniAgentConfig } from "../schema.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { optional } from "../../util/optional.ts";
import { miniProtocolFrom } from "./config.ts";
import { checkoutReader, checkoutRootOf, miniSourceOptions, tagReader } from "./files.ts";
import type { MiniFile, MiniReader, MiniSourceOptions } from "./files.ts";
import { layoutOf, MINI_PRESET_PREFIX, miniManifest, miniPresetTag, tagMajor } from "./manifest.ts";
import type { MiniManifest } from "./manifest.ts";
import { miniParts } from "./protocol.ts";
import type { MiniProtocol } from "./protocol.ts";

export interface MiniLoadOptions {
  readonly source?: MiniSourceOptions;
}

/** `mini-swe-agent@<tag>`, or a YAML that is a mini-swe-agent config (top-level agent, environment, model; agent.system_template). */
export function isMiniSpec(spec: string): boolean {
  return miniPresetTag(spec) !== undefined;
}

export function isMiniYaml(parsed: unknown): boolean {
  if (typeof parsed !== "object" || parsed === null) return false;
  const agent = (parsed as { agent?: unknown }).agent;
  return typeof agent === "object" && agent !== null && "system_template" in agent && "step_limit" in agent && !("templates" in agent);
}

/** mini-swe-agent's published SWE-bench protocol at a tag (any tag of a major version the manifest knows the layout of). */
export async function loadMiniPreset(spec: string, options: MiniLoadOptions = {}): Promise<MiniAgentConfig> {
  const manifest = miniManifest();
  const tag = miniPresetTag(spec) ?? spec;
  const major = majorOf(manifest, tag, spec);
  const layout = layoutOf(manifest, major)!;
  const reader = tagReader(manifest, tag, options.source ?? miniSourceOptions());
  const loaded = await miniProtocolFrom(await reader.read(layout.config), reader, layout, tag, major);
  const identity: ProtocolIdentity = { family: "mini-swe-agent", version: tag, config_sha256: shaOf(loaded.files) };
  return configOf(`${MINI_PRESET_PREFIX}${tag}`, spec, loaded, identity, []);
}

/**
 * A copied or edited mini-swe-agent config file. Its Python files come from the checkout (or tag
 * folder) it sits in, else from the tag it is based on. The tag: the folder name when it is one
 * (SERA_BENCH_MINI_DIR's layout), else the pinned tag whose parts differ least. Published when every
 * part equals that tag's, else custom naming the parts that differ.
 */
export async function loadMiniFile(path: string, bytes: Buffer, options: MiniLoadOptions = {}): Promise<MiniAgentConfig> {
  const manifest = miniManifest();
  const config: MiniFile = { path, text: bytes.toString("utf8"), sha256: sha256Hex(bytes), origin: path };
  const root = checkoutRootOf(path);
  const folderTag = root?.split(/[\\/]/).at(-1);
  const candidates = folderTag !== undefined && tagMajor(folderTag) !== undefined ? [folderTag] : Object.keys(manifest.tags);
  let best: { tag: string; loaded: Awaited<ReturnType<typeof miniProtocolFrom>>; differs: string[] } | undefined;
  const failures: string[] = [];
  for (const tag of candidates) {
    try {
      const major = majorOf(manifest, tag, path);
      const layout = layoutOf(manifest, major)!;
      const published = await loadMiniPreset(tag, options).catch(() => undefined);
      const reader: MiniReader = root !== undefined ? checkoutReader(root) : tagReader(manifest, tag, options.source ?? miniSourceOptions());
      const loaded = await miniProtocolFrom(config, reader, layout, tag, major);
      const differs = published === undefined ? ["(the published files of the tag could not be loaded to compare)"] : partsDiffering(loaded.protocol, published.mini);
      if (best === undefined || differs.length < best.differs.length) best = { tag, loaded, differs };
    } catch (error) {
      failures.push(`${tag}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (best === undefined) throw new SeraBenchError(`${path}: cannot read it as a mini-swe-agent config of any known tag:\n  ${failures.join("\n  ")}`);
  const sha = shaOf(best.loaded.files);
  const identity: ProtocolIdentity = best.differs.length === 0
    ? { family: "mini-swe-agent", version: best.tag, config_sha256: sha }
    : { family: "custom", version: null, config_sha256: sha, based_on: "mini-swe-agent", differs: best.differs };
  return configOf(`mini-swe-agent:${path.split(/[\\/]/).at(-1) ?? path}`, resolve(path), best.loaded, identity, best.differs, `based on mini-swe-agent@${best.tag}`);
}

/** Whether a local YAML file is a mini-swe-agent config (read and parsed here; the SWE-agent loader reads it again otherwise). */
export async function readMiniYaml(path: string): Promise<Buffer | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return undefined;
  }
  try {
    return isMiniYaml(parseYaml(bytes.toString("utf8"))) ? bytes : undefined;
  } catch {
    return undefined;
  }
}

function majorOf(manifest: MiniManifest, tag: string, spec: string): "1" | "2" {
  const major = tagMajor(tag);
  if (major === undefined || layoutOf(manifest, major) === undefined || (major !== "1" && major !== "2")) {
    throw new SeraBenchError(`--agent-config ${spec}: expected mini-swe-agent@vMAJOR.MINOR.PATCH with major version ${Object.keys(manifest.layouts).join(" or ")} (e.g. ${Object.keys(manifest.tags).map((t) => `${MINI_PRESET_PREFIX}${t}`).join(", ")})`);
  }
  return major;
}

function shaOf(files: readonly MiniFile[]): string {
  return sha256Hex(files.map((f) => `${f.path}\0${f.sha256}`).join("\n"));
}

export function partsDiffering(a: MiniProtocol, b: MiniProtocol): string[] {
  const pa = miniParts(a);
  const pb = miniParts(b);
  return Object.keys(pa).filter((part) => JSON.stringify(pa[part]) !== JSON.stringify(pb[part])).sort();
}

function configOf(name: string, source: string, loaded: { protocol: MiniProtocol; files: MiniFile[] }, identity: ProtocolIdentity, differs: string[], note?: string): MiniAgentConfig {
  const p = loaded.protocol;
  const temperature = p.modelKwargs.temperature;
  return {
    kind: "mini-swe-agent", name, source, sha256: identity.config_sha256 ?? "", identity, mini: p,
    protocol: {
      status: differs.length === 0 ? "published" : "custom", differs, label: `mini-swe-agent@${p.tag}`,
      files: loaded.files.map((f) => ({ file: f.origin, sha256: f.sha256 })), ...optional("note", differs.length === 0 ? undefined : note),
    },
    limits: { maxSteps: p.stepLimit, maxRequeries: p.maxConsecutiveFormatErrors },
    sampling: { ...optional("temperature", typeof temperature === "number" ? temperature : undefined), topP: typeof p.modelKwargs.top_p === "number" ? p.modelKwargs.top_p : null },
  };
}
