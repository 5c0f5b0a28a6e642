import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { writeFileAtomic } from "../../evaluation/fs-atomic.ts";
import type { AgentConfig } from "./schema.ts";
import { ownConfigSchema, sweAgentConfigSchema } from "./schema.ts";
import { unsupportedPlaceholders } from "./template.ts";
import { extractNoToolCallMessage } from "../tools/parse/format-errors.ts";
import { toolsFromBundleConfig } from "../tools/parse/tool-definition.ts";
import type { ToolDefinition } from "../tools/parse/tool-definition.ts";

export const DEFAULT_AGENT_CONFIG = fileURLToPath(new URL("../../../harness/agents/sera.yaml", import.meta.url));

/**
 * An agent configuration from a path or a URL. URLs must be pinned to a commit (a 40-hex sha in the
 * URL) and are cached under $XDG_CACHE_HOME/sera-bench/configs/, so a published configuration is
 * used as published and fetched once. Our own format and SWE-agent's run-config format are accepted.
 */
export async function loadAgentConfig(source: string = DEFAULT_AGENT_CONFIG, fetchFn: typeof fetch = fetch): Promise<AgentConfig> {
  const bytes = /^https?:\/\//.test(source) ? await fetchPinned(source, fetchFn) : await readLocal(source);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  let parsed: unknown;
  try {
    parsed = parseYaml(bytes.toString("utf8"));
  } catch (error) {
    throw new Error(`${source}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const isSweAgent = typeof parsed === "object" && parsed !== null && "agent" in parsed;
  const config = isSweAgent ? await fromSweAgent(parsed, source, sha256) : fromOwn(parsed, source, sha256);
  checkTemplates(config);
  return config;
}

async function readLocal(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(`--agent-config ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

async function fetchPinned(url: string, fetchFn: typeof fetch): Promise<Buffer> {
  if (!/[0-9a-f]{40}/.test(url)) throw new Error(`--agent-config ${url}: a URL must be pinned to a commit (contain a 40-hex commit sha), so the configuration cannot change under you`);
  const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "sera-bench", "configs");
  const cached = join(cacheDir, `${createHash("sha256").update(url).digest("hex")}.yaml`);
  if (existsSync(cached)) return readFile(cached);
  const response = await fetchFn(url).catch((error: unknown) => {
    throw new Error(`--agent-config ${url}: download failed (${String(error)}); download it yourself and pass the file path`);
  });
  if (!response.ok) throw new Error(`--agent-config ${url}: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  await mkdir(cacheDir, { recursive: true });
  await writeFileAtomic(cached, bytes);
  return bytes;
}

function issues(source: string, error: z.ZodError): Error {
  return new Error(`${source}: invalid agent configuration\n${z.prettifyError(error)}`);
}

function fromOwn(parsed: unknown, source: string, sha256: string): AgentConfig {
  const result = ownConfigSchema.safeParse(parsed);
  if (!result.success) throw issues(source, result.error);
  const c = result.data;
  return {
    name: c.name, source, sha256,
    templates: { system: c.templates.system, instance: c.templates.instance, nextStep: c.templates.next_step, nextStepNoOutput: c.templates.next_step_no_output },
    tools: {
      executionTimeoutSeconds: c.tools.execution_timeout, totalExecutionTimeoutSeconds: c.tools.total_execution_timeout,
      maxConsecutiveTimeouts: c.tools.max_consecutive_timeouts, useFilemap: c.tools.use_filemap,
      submitReviewMessages: c.tools.submit_review_messages, envVariables: c.tools.env_variables, bundleTools: [],
      noToolCallMessage: c.tools.no_tool_call_message,
    },
    limits: { maxSteps: c.limits.max_steps, maxRequeries: c.limits.max_requeries },
    sampling: { ...(c.sampling.temperature === undefined ? {} : { temperature: c.sampling.temperature }), ...(c.sampling.top_p === undefined ? {} : { topP: c.sampling.top_p }) },
  };
}

async function fromSweAgent(parsed: unknown, source: string, sha256: string): Promise<AgentConfig> {
  const result = sweAgentConfigSchema.safeParse(parsed);
  if (!result.success) throw issues(source, result.error);
  const { templates, tools, model, max_requeries } = result.data.agent;
  const registry = tools.registry_variables;
  const review = registry.SUBMIT_REVIEW_MESSAGES;
  const nextStep = templates.next_step_template;
  return {
    name: `swe-agent:${source.split("/").at(-1) ?? source}`, source, sha256,
    templates: { system: templates.system_template, instance: templates.instance_template, nextStep, nextStepNoOutput: templates.next_step_no_output_template ?? nextStep },
    tools: {
      executionTimeoutSeconds: tools.execution_timeout, totalExecutionTimeoutSeconds: tools.total_execution_timeout,
      maxConsecutiveTimeouts: tools.max_consecutive_execution_timeouts,
      useFilemap: String(registry.USE_FILEMAP ?? "false").toLowerCase() === "true",
      submitReviewMessages: Array.isArray(review) ? review.map(String) : [],
      envVariables: Object.fromEntries(Object.entries(tools.env_variables).map(([k, v]) => [k, String(v)])),
      ...(await fromCheckout(source, tools.bundles.map((b) => b.path))),
    },
    limits: { maxSteps: model.per_instance_call_limit === 0 ? Number.MAX_SAFE_INTEGER : model.per_instance_call_limit, maxRequeries: max_requeries },
    sampling: { ...(model.temperature === undefined ? {} : { temperature: model.temperature }), ...(model.top_p == null ? {} : { topP: model.top_p }) },
  };
}

/**
 * A config read from a SWE-agent checkout brings that checkout's exact texts: the tool definitions of
 * its bundles (tools/<bundle>/config.yaml) and the parser's no-tool-call message
 * (sweagent/tools/parsing.py). Elsewhere (a URL, a lone file) our own texts are used.
 */
async function fromCheckout(source: string, bundles: readonly string[]): Promise<{ bundleTools: ToolDefinition[]; noToolCallMessage: string | undefined }> {
  if (/^https?:/.test(source)) return { bundleTools: [], noToolCallMessage: undefined };
  const bundleTools: ToolDefinition[] = [];
  let root: string | undefined;
  for (const bundle of bundles) {
    root = findRoot(resolve(source), bundle) ?? root;
    const file = root === undefined ? undefined : join(root, bundle, "config.yaml");
    if (file !== undefined && existsSync(file)) bundleTools.push(...toolsFromBundleConfig(await readFile(file, "utf8"), file));
  }
  const parsing = root === undefined ? undefined : join(root, "sweagent", "tools", "parsing.py");
  const noToolCallMessage = parsing !== undefined && existsSync(parsing) ? extractNoToolCallMessage(await readFile(parsing, "utf8")) : undefined;
  return { bundleTools, noToolCallMessage };
}

function findRoot(from: string, bundle: string): string | undefined {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, bundle, "config.yaml"))) return dir;
  }
  return undefined;
}

function checkTemplates(config: AgentConfig): void {
  for (const [name, text] of Object.entries(config.templates)) {
    const bad = unsupportedPlaceholders(text);
    if (bad.length > 0) throw new Error(`${config.source}: template ${name} uses ${bad.map((b) => `{{${b}}}`).join(", ")}; only {{ name }} placeholders are supported`);
  }
}
