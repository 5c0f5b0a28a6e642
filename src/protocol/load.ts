import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { checkoutReader } from "./checkout.ts";
import { protocolFile, sha256Hex } from "./files.ts";
import type { ProtocolFile, ProtocolFileReader } from "./files.ts";
import { seraManifest } from "./manifest.ts";
import { ProtocolUnavailableError, publishedReader, publishedSourceOptions } from "./published-files.ts";
import type { PublishedSourceOptions } from "./published-files.ts";
import { bundlePaths, isSweAgentYaml, sweAgentConfigFrom } from "./swe-agent-config.ts";
import type { SweAgentConfig } from "./swe-agent-config.ts";
import { protocolInfo } from "./texts.ts";
import { defaultTools } from "../tools/config.ts";
import { DEFAULT_FORMAT_ERROR_TEMPLATE, checkFormatErrorTemplate } from "../tools/parse/format-errors.ts";
import type { AgentConfig, AnyAgentConfig, ProtocolInfo } from "./schema.ts";
import type { ProtocolIdentity } from "./identity.ts";
import { isMiniSpec, loadMiniFile, loadMiniPreset, readMiniYaml } from "./mini/load.ts";
import type { MiniLoadOptions } from "./mini/load.ts";
import { ownConfigSchema } from "./schema.ts";
import { unsupportedPlaceholders } from "./template.ts";
import { fetchPinned, urlReader } from "./url-source.ts";
import { projectPath } from "../util/paths.ts";
import { SeraBenchError } from "../util/errors.ts";
import { optional } from "../util/optional.ts";

/** SERA's published protocol (harness/protocols/sera.json: the files are loaded, never shipped). The default. */
export const SERA_PRESET = "sera";
/** The same protocol in sera-bench's own words (harness/agents/sera-own-words.yaml). */
export const OWN_WORDS_PRESET = "sera-own-words";
export const DEFAULT_AGENT_CONFIG = SERA_PRESET;
export const OWN_WORDS_CONFIG = projectPath("harness/agents/sera-own-words.yaml");

/** A preset name (not a path: a worker loads it by name), mini-swe-agent@<tag> included. */
export function isPreset(source: string): boolean {
  return source === SERA_PRESET || source === OWN_WORDS_PRESET || isMiniSpec(source);
}

export interface LoadOptions {
  readonly fetch?: typeof fetch;
  /** Where the published files come from (default: cache, SERA_BENCH_PUBLISHED_DIR, download). */
  readonly published?: PublishedSourceOptions;
  readonly note?: string;
  /** Where mini-swe-agent's files come from (default: cache, SERA_BENCH_MINI_DIR, download). */
  readonly mini?: MiniLoadOptions;
}

/**
 * An agent configuration: `sera` (SERA's published protocol, the default), `sera-own-words`, a local
 * YAML (ours, or SWE-agent's: its bundles and parser texts come from the checkout it sits in), or a
 * URL pinned to a commit (downloaded once; a SWE-agent YAML's files are looked up at the same commit).
 */
export async function loadAgentConfig(spec: string = DEFAULT_AGENT_CONFIG, options: LoadOptions = {}): Promise<AgentConfig> {
  if (spec === SERA_PRESET) return loadPublished(options);
  if (spec === OWN_WORDS_PRESET) return loadFile(OWN_WORDS_CONFIG, OWN_WORDS_PRESET, options);
  return loadFile(spec, /^https?:\/\//.test(spec) ? spec : resolve(spec), options);
}

/**
 * Any protocol: `mini-swe-agent@<tag>` or a mini-swe-agent config YAML (agent/mini's loop), else
 * what loadAgentConfig loads (SWE-agent's loop).
 */
export async function loadProtocolConfig(spec: string = DEFAULT_AGENT_CONFIG, options: LoadOptions = {}): Promise<AnyAgentConfig> {
  if (isMiniSpec(spec)) return loadMiniPreset(spec, options.mini);
  if (!isPreset(spec) && !/^https?:\/\//.test(spec)) {
    const bytes = await readMiniYaml(spec);
    if (bytes !== undefined) return loadMiniFile(spec, bytes, options.mini);
  }
  return loadAgentConfig(spec, options);
}

/**
 * The agent config of a run. Without an explicit spec, the scripted model (which plays fixed
 * solutions) falls back to the own-words texts when SERA's published files cannot be had, and
 * says so in the protocol note; every other model needs the published files (the error says how).
 */
export async function loadRunConfig(spec: string | undefined, scripted: boolean, options: LoadOptions = {}): Promise<AgentConfig> {
  return withFallback(loadAgentConfig, spec, scripted, options);
}

/** loadRunConfig for any protocol (mini-swe-agent's included): what `run` and `infer` load. */
export async function loadRunProtocol(spec: string | undefined, scripted: boolean, options: LoadOptions = {}): Promise<AnyAgentConfig> {
  return withFallback(loadProtocolConfig, spec, scripted, options);
}

async function withFallback<T extends AnyAgentConfig>(load: (spec: string, options: LoadOptions) => Promise<T>, spec: string | undefined, scripted: boolean, options: LoadOptions): Promise<T | AgentConfig> {
  try {
    return await load(spec ?? DEFAULT_AGENT_CONFIG, options);
  } catch (error) {
    if (!(error instanceof ProtocolUnavailableError) || spec !== undefined || !scripted) throw error;
    const note = "SERA's published files could not be loaded (no cache, no SERA_BENCH_PUBLISHED_DIR, no download); the built-in scripted model plays fixed solutions, so it runs sera-bench's own wording";
    return loadAgentConfig(OWN_WORDS_PRESET, { ...options, note });
  }
}

async function loadPublished(options: LoadOptions): Promise<AgentConfig> {
  const manifest = seraManifest();
  const reader = publishedReader(manifest, options.published ?? publishedSourceOptions());
  const role = manifest.config.repository === manifest.tools_repository ? "swe-agent" : "sera";
  const config = await reader.read(role, manifest.config.path);
  if (config === undefined) throw new SeraBenchError(`harness/protocols/sera.json: its config ${manifest.config.path} is not among its files`);
  return finish(SERA_PRESET, SERA_PRESET, await sweAgentConfigFrom(config, reader), options.note);
}

async function loadFile(spec: string, source: string, options: LoadOptions): Promise<AgentConfig> {
  const remote = /^https?:\/\//.test(spec);
  const bytes = remote ? await fetchPinned(spec, options.fetch ?? fetch) : await readLocal(spec);
  const file = protocolFile("swe-agent", spec, bytes, spec);
  let parsed: unknown;
  try {
    parsed = parseYaml(file.text);
  } catch (error) {
    throw new SeraBenchError(`${spec}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isSweAgentYaml(parsed)) return finish(nameOf(parsed, spec), source, fromOwn(parsed, file), options.note);
  const reader: ProtocolFileReader = remote ? urlReader(spec, options.fetch ?? fetch) : checkoutReader(spec, bundlePaths(file)[0]);
  return finish(`swe-agent:${spec.split("/").at(-1) ?? spec}`, source, await sweAgentConfigFrom(file, reader), options.note);
}

function finish(name: string, source: string, config: SweAgentConfig, note: string | undefined): AgentConfig {
  const { files, ...rest } = config;
  checkTemplates(source, rest);
  checkFormatErrorTemplate(rest.tools.formatErrorTemplate, source);
  const origins = files.map((file) => ({ file: file.origin, sha256: file.sha256 }));
  const protocol = protocolInfo(rest, seraManifest(), origins, note);
  return { kind: "swe-agent", name, source, ...rest, protocol, identity: seraIdentity(protocol, rest.sha256) };
}

/** sera at the config's commit when every text part is SERA's published one, else custom based on sera. */
function seraIdentity(protocol: ProtocolInfo, sha256: string): ProtocolIdentity {
  const manifest = seraManifest();
  if (protocol.status === "published") return { family: "sera", version: manifest.repositories[manifest.config.repository]?.commit.slice(0, 7) ?? null, config_sha256: sha256 };
  return { family: "custom", version: null, config_sha256: sha256, based_on: "sera", differs: [...protocol.differs] };
}

async function readLocal(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SeraBenchError(`--agent-config ${path}: cannot read it (${code}); expected "${SERA_PRESET}", "${OWN_WORDS_PRESET}", a YAML file or a commit-pinned URL`);
  }
}

function nameOf(parsed: unknown, fallback: string): string {
  const name = (parsed as { name?: unknown } | null)?.name;
  return typeof name === "string" && name !== "" ? name : fallback;
}

function fromOwn(parsed: unknown, file: ProtocolFile): SweAgentConfig {
  const result = ownConfigSchema.safeParse(parsed);
  if (!result.success) throw new SeraBenchError(`${file.origin}: invalid agent configuration\n${z.prettifyError(result.error)}`);
  const c = result.data;
  const definitions = defaultTools();
  return {
    sha256: sha256Hex(file.text), files: [file],
    templates: { system: c.templates.system, instance: c.templates.instance, nextStep: c.templates.next_step, nextStepNoOutput: c.templates.next_step_no_output },
    tools: {
      executionTimeoutSeconds: c.tools.execution_timeout, totalExecutionTimeoutSeconds: c.tools.total_execution_timeout,
      maxConsecutiveTimeouts: c.tools.max_consecutive_timeouts, useFilemap: c.tools.use_filemap,
      submitReviewMessages: c.tools.submit_review_messages, envVariables: c.tools.env_variables, definitions,
      formatErrorTemplate: c.tools.format_error_template ?? DEFAULT_FORMAT_ERROR_TEMPLATE,
    },
    limits: { maxSteps: c.limits.max_steps, maxRequeries: c.limits.max_requeries },
    sampling: { ...optional("temperature", c.sampling.temperature), topP: c.sampling.top_p },
  };
}

function checkTemplates(source: string, config: Pick<AgentConfig, "templates">): void {
  for (const [name, text] of Object.entries(config.templates)) {
    const bad = unsupportedPlaceholders(text);
    if (bad.length > 0) throw new SeraBenchError(`${source}: template ${name} uses ${bad.map((b) => `{{${b}}}`).join(", ")}; only {{ name }} placeholders are supported`);
  }
}
