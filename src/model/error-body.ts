/**
 * A fetch wrapper for the SDK: vLLM (older versions) answers errors as
 * {"object":"error","message":...,"type":...,"code":400} while the SDK reads only {"error":{...}};
 * without this the server's message (needed to spot a context overflow) would be lost.
 */

type FetchFn = typeof globalThis.fetch;

function normalizedErrorText(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body) || "error" in body) return undefined;
  return "message" in body ? JSON.stringify({ error: body }) : undefined;
}

export function errorBodyNormalizingFetch(inner: FetchFn = globalThis.fetch): FetchFn {
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.ok) return response;
    const text = await response.text();
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    headers.delete("content-encoding");
    const body = normalizedErrorText(text) ?? text;
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}
