/**
 * A fetch for the OpenAI SDK on node:http(s) with keep-alive: the request body (bytes, see
 * request-encoder.ts) goes to the socket in one write, and the response is read whole before the
 * Response is made. Node's built-in fetch moves a body through web streams in chunks; for the
 * hundreds of KB of a long conversation that costs more CPU per step than the rest of the step.
 * What the SDK relies on is kept: an aborted signal rejects with an AbortError (timeouts and
 * aborts), a network failure rejects with its error (the SDK makes it a connection error),
 * redirects are not followed (vLLM does not redirect; a 3xx is an HTTP error like any other).
 */
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import type { IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

type FetchFn = typeof globalThis.fetch;

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === "AbortError" ? reason : new DOMException("This operation was aborted", "AbortError");
}

function bodyBytes(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError(`http-fetch: unsupported request body (${Object.prototype.toString.call(body)})`);
}

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

export const nodeHttpFetch: FetchFn = (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = bodyBytes(init.body);
  const headers: Record<string, string> = Object.fromEntries(new Headers(init.headers).entries());
  if (body !== undefined) headers["content-length"] = String(body.length);
  const signal = init.signal ?? undefined;
  const https = url.protocol === "https:";
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const req = (https ? httpsRequest : httpRequest)(url, { method: init.method ?? "GET", headers, agent: https ? agents.https : agents.http }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        signal?.removeEventListener("abort", onAbort);
        const status = res.statusCode ?? 500;
        const noBody = status === 204 || status === 304 || init.method === "HEAD";
        resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? "", headers: responseHeaders(res) }));
      });
    });
    const onAbort = () => {
      const error = abortError(signal!);
      req.destroy(error);
      reject(error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (error) => {
      signal?.removeEventListener("abort", onAbort);
      reject(error);
    });
    req.end(body);
  });
};
