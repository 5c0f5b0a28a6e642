/**
 * What the server says about itself before the first rollout: GET {base}/models. vLLM lists each
 * served model with `max_model_len` (its context window) and `root` (the weights it loaded); other
 * OpenAI-compatible servers may list less, or nothing.
 */
import { z } from "zod";
import { SeraBenchError } from "../util/errors.ts";
import { redactSecrets, registerSecret, registerUrlCredentials } from "../util/secrets.ts";

const modelsSchema = z.object({
  data: z.array(z.looseObject({ id: z.string(), root: z.string().nullish(), max_model_len: z.number().int().positive().nullish() })),
});

export interface ServedModel {
  readonly id: string;
  readonly root?: string;
  readonly maxModelLen?: number;
}

export type ServerInfo =
  | { readonly ok: true; readonly models: readonly ServedModel[] }
  | { readonly ok: false; readonly reason: string; /** false: no HTTP answer at all (refused, no such host, time-out). */ readonly reached: boolean };

export async function readServerInfo(baseUrl: string, options: { apiKey?: string | undefined; fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<ServerInfo> {
  // Its answer (or the reason it has none) may quote the URL: its credentials are secrets from here on.
  registerUrlCredentials(baseUrl);
  registerSecret(options.apiKey);
  const url = `${baseUrl.replace(/\/+$/, "")}/models`;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      headers: options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` },
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    if (!response.ok) return { ok: false, reason: `GET ${url}: HTTP ${response.status}`, reached: true };
    const parsed = modelsSchema.safeParse(await response.json());
    if (!parsed.success) return { ok: false, reason: `GET ${url}: not an OpenAI model list`, reached: true };
    return {
      ok: true,
      models: parsed.data.data.map((m) => ({ id: m.id, ...(m.root == null ? {} : { root: m.root }), ...(m.max_model_len == null ? {} : { maxModelLen: m.max_model_len }) })),
    };
  } catch (error) {
    return { ok: false, reason: `GET ${url}: ${describeFetchError(error)}`, reached: false };
  }
}

/** fetch's "fetch failed" says nothing: the cause says what (ECONNREFUSED, ENOTFOUND, a time-out). */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

/** What run.json records about the server. */
export interface ServerRecord {
  readonly model_id: string | null;
  readonly root: string | null;
  readonly max_model_len: number | null;
  readonly note?: string;
}

/**
 * The served model's record, or an error: the model is not served, or --context asks for more
 * than the server's window (a 32K server would end rollouts early with exit_context labelled 64K).
 */
export function checkServer(info: ServerInfo, model: string, contextTokens: number, baseUrl: string): ServerRecord {
  // The reason may quote the URL with its credentials: the note is printed and recorded, so without them.
  if (!info.ok) return { model_id: null, root: null, max_model_len: null, note: `its model list could not be read (${redactSecrets(info.reason)})` };
  const served = info.models.find((m) => m.id === model);
  if (served === undefined && info.models.length > 0) {
    throw new SeraBenchError(`the server at ${baseUrl} does not serve "${model}"; it serves: ${info.models.map((m) => JSON.stringify(m.id)).join(", ")}. Pass one of them as --model`);
  }
  const window = served?.maxModelLen;
  if (window !== undefined && contextTokens > window) {
    throw new SeraBenchError(
      `--context ${contextTokens} tokens exceeds the server's window: "${model}" at ${baseUrl} is served with max_model_len ${window}. ` +
        `Run with --context ${window} (or less), or restart the server with --max-model-len ${contextTokens} (see the README for 64K with YaRN)`,
    );
  }
  return { model_id: served?.id ?? null, root: served?.root ?? null, max_model_len: window ?? null, ...(window === undefined ? { note: `the server does not report a numeric max_model_len for "${model}"` } : {}) };
}

/** The console line when --context could not be checked against the server's window (undefined: it was). */
export function windowCheckSkipped(record: ServerRecord, contextTokens: number): string | undefined {
  if (record.max_model_len !== null) return undefined;
  const why = record.note ?? "the server reports no max_model_len";
  return `context window check skipped: ${why}; --context ${contextTokens} tokens is taken as given (a server with a smaller window would end rollouts early with exit_context)`;
}
