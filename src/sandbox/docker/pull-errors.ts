import { registryOf } from "./auth.ts";
import { statusOf } from "./errors.ts";

/**
 * Why a pull failed, read from the daemon's answer. Only the transient kinds (rate limit, server
 * error, time-out, an unknown 5xx) are worth another attempt; the rest cannot heal by waiting.
 */
export type PullFailureKind =
  | "rate-limited" | "server-error" | "timeout" | "unknown"
  | "unreachable" | "unauthorized" | "not-found" | "invalid-name" | "disk-full"
  /** Not the registry's doing: the pull was stopped (Ctrl-C) before an attempt. */
  | "interrupted";

export interface PullFailure {
  readonly kind: PullFailureKind;
  readonly retry: boolean;
}

/** What the daemon said: the Engine API status (absent for errors inside the progress stream) and text. */
export interface PullErrorFacts {
  readonly status?: number;
  readonly message: string;
}

const RULES: readonly { readonly kind: PullFailureKind; readonly pattern: RegExp }[] = [
  { kind: "rate-limited", pattern: /toomanyrequests|429 Too Many Requests|rate limit/i },
  { kind: "timeout", pattern: /i\/o timeout|TLS handshake timeout|Client\.Timeout exceeded|context deadline exceeded|connection reset|unexpected EOF/i },
  { kind: "disk-full", pattern: /no space left on device/i },
  { kind: "unreachable", pattern: /no such host|connection refused|no route to host|network is unreachable/i },
  { kind: "unauthorized", pattern: /pull access denied|unauthorized|no basic auth credentials|authentication required|^denied\b|\bdenied:/i },
  { kind: "not-found", pattern: /manifest unknown|name unknown|not found|repository does not exist/i },
  { kind: "invalid-name", pattern: /invalid reference format/i },
  { kind: "server-error", pattern: /unexpected HTTP status: 5\d\d|\b50[0-4] (Internal|Bad Gateway|Service Unavailable|Gateway)/i },
];

const TRANSIENT: ReadonlySet<PullFailureKind> = new Set(["rate-limited", "server-error", "timeout"]);

/** One pure rule for every pull failure: the daemon's message first, then its status code. */
export function classifyPullError(facts: PullErrorFacts): PullFailure {
  const kind = RULES.find((rule) => rule.pattern.test(facts.message))?.kind ?? kindOfStatus(facts.status);
  const retry = TRANSIENT.has(kind) || (kind === "unknown" && facts.status !== undefined && facts.status >= 500);
  return { kind, retry };
}

function kindOfStatus(status: number | undefined): PullFailureKind {
  if (status === 429) return "rate-limited";
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 404) return "not-found";
  if (status === 400) return "invalid-name";
  return "unknown";
}

/** The facts of a dockerode error (or of an error event in the pull's progress stream). */
export function pullErrorFacts(error: unknown): PullErrorFacts {
  const text = error instanceof Error ? error.message : String(error);
  const message = text.replace(/^\(HTTP code \d+\)\s*[\w ]*-\s*/, "").trim();
  const status = statusOf(error);
  return status === undefined ? { message } : { status, message };
}

const BUILD_LOCALLY = "or build the image locally (for the bundled sample: `sera-bench images build-sample`)";
const RENAME = "name a registry that has the images (--namespace, --image-template)";

/** A failed pull in words: the image, what the daemon said, and what to do about it. */
export function describePullFailure(image: string, facts: PullErrorFacts, failure: PullFailure): string {
  const registry = registryOf(image);
  const fix: Partial<Record<PullFailureKind, string>> = {
    "unreachable": `Registry ${registry} cannot be reached: ${RENAME}, ${BUILD_LOCALLY}`,
    "unauthorized": `Registry ${registry} refused access: if the image is private, run \`docker login ${registry}\`; if it does not exist, ${RENAME}, ${BUILD_LOCALLY}`,
    "not-found": `Registry ${registry} has no such image: ${RENAME}, ${BUILD_LOCALLY}`,
    "invalid-name": "Check --namespace and --image-template",
    "disk-full": "The disk is full: free space with `sera-bench images prune --budget SIZE`, then re-run; pulled images are kept",
  };
  const hint = fix[failure.kind];
  return `could not pull ${image}: ${facts.message.replace(/\.$/, "")}${hint === undefined ? "" : `. ${hint}`}`;
}
