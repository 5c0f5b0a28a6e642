/**
 * The secrets this process holds (the model API key, credentials in a base URL), registered where
 * they are read, and the one redaction applied by the writers of everything under `results/`
 * (fs-atomic.ts, the instance log) and by the error messages printed (a Slurm task's log).
 *
 * Only registered values are removed, never patterns: a pattern such as `user:pass@` or
 * `Authorization: Basic ...` also matches repository code (requests' tests carry both), and would
 * corrupt trajectories and patches. A value shorter than MIN_FREE_TEXT would match ordinary words,
 * so it is removed only where it is a credential: after `Bearer ` and as a URL's `//...@`.
 */
const secrets = new Set<string>();
/** Longest first, so that `user:pass` goes before `pass`. */
let ordered: readonly string[] = [];

export const REDACTED = "[REDACTED]";
const MIN_FREE_TEXT = 8;
/** Values that are not secrets: the SDK's placeholder key for servers without one. */
const NOT_SECRET = new Set(["", "EMPTY"]);

/** Removes `value` from everything written from now on (also in its JSON-escaped form). */
export function registerSecret(value: string | undefined): void {
  if (value === undefined || NOT_SECRET.has(value.trim())) return;
  for (const form of [value, value.trim()]) {
    secrets.add(form);
    secrets.add(JSON.stringify(form).slice(1, -1));
  }
  ordered = [...secrets].sort((a, b) => b.length - a.length);
}

/** Registers the credentials of a URL (`scheme://user:pass@host`), as written and decoded. */
export function registerUrlCredentials(url: string): void {
  if (!URL.canParse(url)) return;
  const { username, password } = new URL(url);
  if (username === "" && password === "") return;
  for (const decode of [(text: string) => text, safeDecode]) {
    registerSecret(password === "" ? decode(username) : `${decode(username)}:${decode(password)}`);
    if (password !== "") registerSecret(decode(password));
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `text` without any registered secret. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const secret of ordered) {
    if (!result.includes(secret)) continue;
    result = secret.length >= MIN_FREE_TEXT
      ? result.replaceAll(secret, REDACTED)
      : result.replaceAll(`Bearer ${secret}`, `Bearer ${REDACTED}`).replaceAll(`//${secret}@`, `//${REDACTED}@`);
  }
  return result;
}
