import type { AgentConfig, ProtocolInfo } from "./schema.ts";
import { functionTool } from "../tools/parse/tool-definition.ts";
import { sha256Hex } from "./files.ts";
import type { ProtocolManifest } from "./manifest.ts";
import { optional } from "../util/optional.ts";

type TextSource = Omit<AgentConfig, "protocol" | "source" | "name" | "sha256">;

/**
 * The model-facing parts of a config, each one value: what must equal the published protocol for
 * a run to be "published". Limits and sampling are not here (they are recorded in run.json).
 */
export function protocolParts(config: TextSource): Record<string, unknown> {
  const t = config.tools;
  return {
    system_template: config.templates.system,
    instance_template: config.templates.instance,
    next_step_template: config.templates.nextStep,
    next_step_no_output_template: config.templates.nextStepNoOutput,
    tools: t.definitions.map(functionTool),
    tool_invocation: t.definitions.map((tool) => ({ name: tool.name, signature: tool.signature ?? null, formats: tool.arguments.map((a) => a.argument_format ?? null) })),
    submit_review_messages: t.submitReviewMessages,
    format_error_template: t.formatErrorTemplate,
    settings: {
      execution_timeout: t.executionTimeoutSeconds, total_execution_timeout: t.totalExecutionTimeoutSeconds,
      max_consecutive_timeouts: t.maxConsecutiveTimeouts, use_filemap: t.useFilemap, env_variables: t.envVariables, max_requeries: config.limits.maxRequeries,
    },
  };
}

export function protocolPartHashes(config: TextSource): Record<string, string> {
  return Object.fromEntries(Object.entries(protocolParts(config)).map(([part, value]) => [part, sha256Hex(JSON.stringify(value))]));
}

/** published, or custom with the parts that differ from the manifest's. */
export function protocolInfo(config: TextSource, manifest: ProtocolManifest, files: ProtocolInfo["files"], note?: string): ProtocolInfo {
  const hashes = protocolPartHashes(config);
  const expected = manifest.texts_sha256;
  const parts = new Set([...Object.keys(hashes), ...Object.keys(expected)]);
  const differs = [...parts].filter((part) => hashes[part] !== expected[part]).sort();
  return { status: differs.length === 0 ? "published" : "custom", differs, files, ...optional("note", note) };
}

/** "published" or "custom (differs in: ...)", for the console and reports. */
export function describeProtocol(info: ProtocolInfo): string {
  const whose = info.label ?? "SERA";
  if (info.status === "published") return `published (${whose}'s texts, from the pinned files)`;
  const parts = info.differs.length === 0 ? "" : ` (differs from ${whose}'s published texts in: ${info.differs.join(", ")})`;
  return `custom${parts}${info.note === undefined ? "" : `; ${info.note}`}`;
}
