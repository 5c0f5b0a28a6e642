import type { AgentConfig, AnyAgentConfig } from "../protocol/schema.ts";
import { isMiniConfig } from "../protocol/schema.ts";
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

/** litellm's own settings, not sent to the server (mini's configs set drop_params); sampling goes through resolveSampling. */
const NOT_SENT = new Set(["drop_params", "temperature", "top_p"]);

/**
 * The request's extra body: a mini-swe-agent config's model_kwargs that reach the server (e.g. v2's
 * parallel_tool_calls: true), then --extra-body over them. SWE-agent's configs add nothing.
 */
export function protocolExtraBody(config: AnyAgentConfig, extraBody: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!isMiniConfig(config)) return extraBody;
  const kwargs = Object.fromEntries(Object.entries(config.mini.modelKwargs).filter(([key]) => !NOT_SENT.has(key)));
  if (Object.keys(kwargs).length === 0) return extraBody;
  return { ...kwargs, ...extraBody };
}
