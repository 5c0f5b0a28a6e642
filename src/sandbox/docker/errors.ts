/** dockerode errors carry the HTTP status of the Engine API answer. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

/** Errors worth retrying when pulling: registry rate limits and server-side failures. */
export function isTransientPullError(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  const text = String(error);
  return /toomanyrequests|429 Too Many Requests|rate limit|\b50[0-4]\b|Service Unavailable|i\/o timeout|connection reset|TLS handshake timeout/i.test(text);
}
