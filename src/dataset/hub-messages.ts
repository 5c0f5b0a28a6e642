import type { HubAttempt, HubFailureKind } from "./errors.ts";
import type { HubSettings } from "./hub-settings.ts";

const FIX =
  "To fix: pass a local .parquet/.json/.jsonl file with --dataset (e.g. the SWE-bench Verified parquet), " +
  "or set HF_ENDPOINT (a mirror) / HF_TOKEN (gated or private datasets).";

/** Every attempt, one hint per kind of failure (401, 403, 404 and network read differently), the fix. */
export function downloadFailedMessage(dataset: string, split: string, settings: HubSettings, attempts: readonly HubAttempt[]): string {
  const tried = attempts.map((attempt) => `  - GET ${attempt.url}: ${attempt.detail}`);
  const kinds = [...new Set(attempts.map((attempt) => attempt.kind))];
  const hints = kinds.map((kind) => `  ${hintFor(kind, settings)}`);
  return [
    `Could not download dataset ${dataset} (split ${split}) from ${settings.endpoint}, and it is not cached under ${settings.cacheRoot}.`,
    "Tried:",
    ...tried,
    ...hints,
    FIX,
  ].join("\n");
}

export function offlineMessage(dataset: string, split: string, cacheDir: string): string {
  return (
    `Dataset ${dataset} (split ${split}) is not in the cache (${cacheDir}) and offline mode is on ` +
    "(HF_HUB_OFFLINE=1 or --offline), so the hub was not contacted.\n" +
    "To fix: run once online to fill the cache, or pass a local .parquet/.json/.jsonl file with --dataset."
  );
}

export function usingCacheNotice(dataset: string, split: string, cacheDir: string, attempts: readonly HubAttempt[]): string {
  const reason = attempts.at(-1)?.detail ?? "unknown error";
  return `sera-bench: could not refresh ${dataset} (split ${split}) from the hub (${reason}); using the cached copy in ${cacheDir}`;
}

function hintFor(kind: HubFailureKind, settings: HubSettings): string {
  const hasToken = settings.token !== undefined;
  switch (kind) {
    case "unauthorized":
      return hasToken
        ? "401 Unauthorized: the hub rejected HF_TOKEN; check that the token is valid and has read access."
        : "401 Unauthorized: the hub wants authentication (private or gated dataset, or a misspelt name): set HF_TOKEN.";
    case "forbidden":
      return "403 Forbidden: the token has no access; the dataset may be gated: accept its terms on the hub with the account that owns HF_TOKEN.";
    case "not_found":
      return "404 Not Found: check the dataset name (owner/name) and the split (--split).";
    case "network":
      return `Network failure: ${settings.endpoint} could not be reached; check the connection or proxy, or set HF_ENDPOINT to a mirror.`;
    case "bad_response":
      return "Unexpected response: the server did not answer like the Hugging Face hub; check HF_ENDPOINT.";
    case "http":
      return "The hub answered with an error status; it may be down: retry later.";
  }
}
