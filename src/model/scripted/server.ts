/**
 * A scripted OpenAI-compatible server on node:http (127.0.0.1, port 0 by default). It ships with
 * the product: the demo and the tests use it, with the same client as production.
 *   POST /v1/chat/completions  (stream: false only)
 *   GET  /v1/models
 *   POST /tokenize             (vLLM's route, at the root; only when countTokens is given)
 * Every request is recorded for assertions.
 */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ScriptPlayer } from "./play.ts";
import type { PlayedStep } from "./play.ts";
import { errorBody } from "./reply.ts";
import type { Reply } from "./reply.ts";
import type { ChatRequest, ScriptSource } from "./sources.ts";

export type ScriptedServerOptions = {
  source: ScriptSource;
  host?: string;
  port?: number;
  /** Added before every answer (benchmarks). */
  latencyMs?: number;
  model?: string;
  /** The window GET /v1/models reports (default 32768); null: none reported (an OpenAI-compatible server that does not say). */
  maxModelLen?: number | null;
  /** Enables POST /tokenize: {count, max_model_len}. */
  countTokens?: (request: ChatRequest) => Promise<number>;
};

export type RecordedRequest = {
  number: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  receivedAt: number;
  played?: PlayedStep;
};

export type ScriptedServer = {
  /** e.g. http://127.0.0.1:41234/v1 — what the client takes as base URL. */
  baseUrl: string;
  rootUrl: string;
  requests: RecordedRequest[];
  /** Ends open connections (hanging requests too) and stops listening; safe to call twice. */
  close(): Promise<void>;
};

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : JSON.parse(text);
}

function wait(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function send(res: ServerResponse, reply: Reply): Promise<void> {
  if (reply.kind === "hang") {
    await wait(reply.ms, res);
    if (res.destroyed || res.writableEnded) return;
    reply = { kind: "json", status: 504, headers: {}, body: errorBody(`scripted hang of ${reply.ms} ms ended`, "GatewayTimeout", 504) };
  }
  if (res.destroyed) return;
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

function json(status: number, body: unknown): Reply {
  return { kind: "json", status, headers: {}, body };
}

type Route = (body: unknown, record: RecordedRequest) => Promise<Reply>;

const AUTHORIZATION_PLACEHOLDER = "{{authorization}}";

/** An error body's `{{authorization}}` becomes the request's Authorization header: a server that echoes credentials. */
function echoAuthorization(reply: Reply, record: RecordedRequest): Reply {
  if (reply.kind !== "json") return reply;
  const text = JSON.stringify(reply.body);
  if (!text.includes(AUTHORIZATION_PLACEHOLDER)) return reply;
  const header = JSON.stringify(String(record.headers.authorization ?? "")).slice(1, -1);
  return { ...reply, body: JSON.parse(text.replaceAll(AUTHORIZATION_PLACEHOLDER, header)) as unknown };
}

function routes(options: ScriptedServerOptions, player: ScriptPlayer, model: string): Record<string, Route> {
  const maxModelLen = options.maxModelLen === undefined ? 32768 : options.maxModelLen;
  return {
    "POST /v1/chat/completions": async (body, record) => {
      const { reply, played } = player.play((body ?? {}) as ChatRequest, record.number);
      if (played !== undefined) record.played = played;
      return echoAuthorization(reply, record);
    },
    "GET /v1/models": async () =>
      json(200, { object: "list", data: [{ id: model, object: "model", owned_by: "sera-bench-scripted", ...(maxModelLen === null ? {} : { max_model_len: maxModelLen }) }] }),
    "POST /tokenize": async (body) => {
      if (options.countTokens === undefined) return json(404, errorBody("scripted server: /tokenize is not enabled", "NotFoundError", 404));
      const count = await options.countTokens((body ?? {}) as ChatRequest);
      return json(200, { count, ...(maxModelLen === null ? {} : { max_model_len: maxModelLen }), tokens: [] });
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, table: Record<string, Route>, recorded: RecordedRequest[], latencyMs: number): Promise<void> {
  const path = new URL(req.url ?? "/", "http://scripted").pathname;
  const record: RecordedRequest = { number: recorded.length + 1, method: req.method ?? "", path, headers: req.headers, body: undefined, receivedAt: Date.now() };
  recorded.push(record);
  let reply: Reply;
  try {
    record.body = await readJson(req);
    const route = table[`${record.method} ${path}`];
    reply = route === undefined ? json(404, errorBody(`scripted server: no route ${record.method} ${path}`, "NotFoundError", 404)) : await route(record.body, record);
  } catch (error) {
    reply = json(400, errorBody(`scripted server: bad request: ${(error as Error).message}`, "BadRequestError", 400));
  }
  if (latencyMs > 0) await wait(latencyMs, res);
  await send(res, reply);
}

export async function startScriptedServer(options: ScriptedServerOptions): Promise<ScriptedServer> {
  const model = options.model ?? "sera-bench-scripted";
  const table = routes(options, new ScriptPlayer(options.source, model), model);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    handle(req, res, table, requests, options.latencyMs ?? 0).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify(errorBody(`scripted server failure: ${String(error)}`, "InternalServerError", 500)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const rootUrl = `http://${address}:${port}`;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }));
  return { baseUrl: `${rootUrl}/v1`, rootUrl, requests, close };
}
