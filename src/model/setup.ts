import { hostname } from "node:os";
import { DEFAULT_MODEL_CONFIG } from "./config.ts";
import { OpenAIModel } from "./openai-model.ts";
import { createTokenCounter, LocalTokenCounter, ServerTokenCounter } from "./tokens.ts";
import { warnOnTextToolCalls } from "./text-tool-calls.ts";
import { readServerInfo } from "./server-info.ts";
import type { ServerInfo } from "./server-info.ts";
import type { Model, TokenCounter } from "./types.ts";

import { loadScriptFile, sourceFromScriptFile } from "./scripted/script-file.ts";
import type { MiniPlay } from "./scripted/mini-play.ts";
import { startScriptedServer } from "./scripted/server.ts";
import { optional } from "../util/optional.ts";
import { projectPath } from "../util/paths.ts";
import { SeraBenchError } from "../util/errors.ts";

export const SCRIPTED_MODEL = "scripted";
export const SAMPLE_SOLUTIONS = projectPath("harness/agents/scripted/sample-solutions.json");

export interface ModelSetupInput {
  readonly model: string;
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
  readonly temperature: number | undefined;
  readonly topP: number | undefined;
  readonly maxTokens: number | undefined;
  readonly seed: number | undefined;
  readonly extraBody: Record<string, unknown> | undefined;
  readonly requestTimeoutSeconds: number;
  readonly tokenizer: "auto" | "local" | "server" | "none";
  /** Where the built-in scripted model listens (default 127.0.0.1; 0.0.0.0 = every interface, advertised under this host's name). */
  readonly scriptedHost?: string;
  /** The built-in scripted model reports this window as max_model_len (default 32768). */
  readonly scriptedMaxModelLen?: number;
  /** The built-in scripted model answers as under mini-swe-agent's protocol (default: SWE-agent tool calls). */
  readonly scriptedPlay?: MiniPlay;
  /** Run-level warnings (e.g. tool calls sent as text); default stderr. */
  readonly onNotice?: (line: string) => void;
}

export interface ModelSetup {
  readonly model: Model;
  readonly counter: TokenCounter | undefined;
  /** Where the model is served (the scripted model's local address included). */
  readonly baseUrl: string;
  readonly scripted: boolean;
  /** What GET {baseUrl}/models said before the first rollout (the pre-flight check). */
  readonly server: ServerInfo;
  close(): Promise<void>;
}

/**
 * The model for a run: an OpenAI-compatible endpoint, or the built-in scripted model (a local
 * OpenAI-compatible server playing the sample's solutions) reached through the very same client.
 * The pre-flight GET /models is read here: a server it could not reach at all is not retried with
 * back-off by the first calls either (they stop the run at once until the server has answered once).
 */
export async function setupModel(input: ModelSetupInput): Promise<ModelSetup> {
  let baseUrl = input.baseUrl;
  let close = async (): Promise<void> => undefined;
  const scripted = input.model === SCRIPTED_MODEL;
  if (scripted) {
    const file = await loadScriptFile(SAMPLE_SOLUTIONS);
    const server = await startScriptedServer({
      source: sourceFromScriptFile(file, undefined, input.scriptedPlay), model: SCRIPTED_MODEL, ...optional("host", input.scriptedHost), ...optional("maxModelLen", input.scriptedMaxModelLen),
    });
    baseUrl = advertisedUrl(input.scriptedHost ?? "127.0.0.1", server.rootUrl);
    close = () => server.close();
  }
  if (baseUrl === undefined) throw new SeraBenchError("--base-url is required (the OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1), unless --model scripted");
  const server = await readServerInfo(baseUrl, { apiKey: input.apiKey });
  const unreachable = !server.ok && !server.reached ? server.reason : undefined;
  return { ...connectModel(input, baseUrl, scripted, unreachable), baseUrl, scripted, server, close };
}

/**
 * The client (and token counter) for a model served at `baseUrl`. `scripted`: the endpoint is the
 * built-in scripted model (its tokens are counted locally with --tokenizer auto). A Slurm worker
 * calls this with the base URL of the plan. `unreachableAtStart`: why the pre-flight could not reach
 * the server (OpenAIModelConfig).
 */
export function connectModel(input: ModelSetupInput, baseUrl: string, scripted: boolean, unreachableAtStart?: string): { model: Model; counter: TokenCounter | undefined } {
  const model = new OpenAIModel({
    ...optional("unreachableAtStart", unreachableAtStart),
    ...DEFAULT_MODEL_CONFIG, baseUrl, model: input.model, timeoutMs: input.requestTimeoutSeconds * 1000,
    ...optional("apiKey", input.apiKey), ...optional("temperature", input.temperature), ...optional("topP", input.topP),
    ...optional("maxTokens", input.maxTokens), ...optional("seed", input.seed), ...optional("extraBody", input.extraBody),
  });
  const notice = input.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`));
  return { model: warnOnTextToolCalls(model, notice), counter: counterFor(input, baseUrl, scripted) };
}

/** The scripted server's base URL as others reach it: a server bound to every interface under this host's name. */
function advertisedUrl(bindHost: string, rootUrl: string): string {
  const port = rootUrl.slice(rootUrl.lastIndexOf(":") + 1);
  const host = bindHost === "0.0.0.0" || bindHost === "::" ? hostname() : bindHost;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}/v1`;
}

/** The scripted model's usage is an estimate, not a count: its conversations are counted locally in full. */
function counterFor(input: ModelSetupInput, baseUrl: string, scripted: boolean): TokenCounter | undefined {
  const server = { baseUrl, model: input.model, ...optional("apiKey", input.apiKey) };
  const local = () => new LocalTokenCounter(scripted ? { serverUsage: false } : {});
  switch (input.tokenizer) {
    case "none":
      return undefined;
    case "local":
      return local();
    case "server":
      return new ServerTokenCounter(server);
    case "auto":
      return scripted ? local() : createTokenCounter(server);
  }
}
