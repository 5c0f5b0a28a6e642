import type { AgentConfig } from "../protocol/schema.ts";
import { SeraBenchError } from "../util/errors.ts";

export interface SamplingFlags {
  readonly temperature?: number | undefined;
  readonly topP?: number | undefined;
}

/**
 * What is sent: the flags, else the agent config's. SWE-agent always sends top_p (1.0 unless its
 * config says otherwise), so the server's generation config never decides it silently; a config
 * with `top_p: null` sends none.
 */
export function resolveSampling(flags: SamplingFlags, config: Pick<AgentConfig, "sampling">): { temperature: number | undefined; topP: number | undefined } {
  return { temperature: flags.temperature ?? config.sampling.temperature, topP: flags.topP ?? config.sampling.topP ?? undefined };
}

/** `--extra-body '{"top_k": 20}'` -> the object merged into every request. */
export function parseExtraBody(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SeraBenchError(`--extra-body: expected a JSON object, got ${JSON.stringify(text)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new SeraBenchError("--extra-body: expected a JSON object");
  return parsed as Record<string, unknown>;
}
