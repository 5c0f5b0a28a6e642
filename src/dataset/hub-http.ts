import { HubRequestError, type HubFailureKind } from "./errors.ts";
import type { HubSettings } from "./hub-settings.ts";

export type FetchFn = typeof globalThis.fetch;

/**
 * GET a hub URL; any non-2xx status or network failure becomes a HubRequestError carrying the
 * attempt. The token goes only to the endpoint's own origin, never to other hosts.
 */
export async function hubGet(url: string, settings: HubSettings, fetchFn: FetchFn): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFn(url, { headers: requestHeaders(url, settings), redirect: "follow" });
  } catch (error) {
    const detail = `network error: ${describeCause(error)}`;
    throw new HubRequestError({ url, kind: "network", detail }, { cause: error });
  }
  if (response.ok) return response;
  await response.body?.cancel().catch(() => undefined);
  const kind = statusKind(response.status);
  throw new HubRequestError({ url, kind, detail: `HTTP ${response.status} ${response.statusText}`.trim() });
}

export function badResponse(url: string, detail: string): HubRequestError {
  return new HubRequestError({ url, kind: "bad_response", detail });
}

function requestHeaders(url: string, settings: HubSettings): Record<string, string> {
  const headers: Record<string, string> = { "user-agent": "sera-bench" };
  if (settings.token !== undefined && sameOrigin(url, settings.endpoint)) headers["authorization"] = `Bearer ${settings.token}`;
  return headers;
}

function sameOrigin(url: string, endpoint: string): boolean {
  try {
    return new URL(url).origin === new URL(endpoint).origin;
  } catch {
    return false;
  }
}

function statusKind(status: number): HubFailureKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  return "http";
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
