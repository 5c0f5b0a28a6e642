/**
 * A stand-in for vLLM's automatic prefix cache, so the scripted server's `usage` carries a plausible
 * `prompt_tokens_details.cached_tokens`: the leading messages a request shares with one of the
 * recent requests (any conversation: a shared system prompt is cached too), estimated at 4
 * characters a token like the rest of the scripted usage, rounded down to whole 16-token blocks
 * (vLLM caches full blocks only).
 */
const REMEMBERED = 64;
const BLOCK_TOKENS = 16;

export class PrefixCache {
  readonly #recent: string[][] = [];

  /** The cached prompt tokens of a request with these messages; remembers the request. */
  lookup(messages: readonly unknown[]): number {
    const texts = messages.map((message) => JSON.stringify(message));
    let shared = 0;
    for (const earlier of this.#recent) shared = Math.max(shared, sharedPrefix(earlier, texts));
    this.#recent.push(texts);
    if (this.#recent.length > REMEMBERED) this.#recent.shift();
    const chars = texts.slice(0, shared).reduce((sum, text) => sum + text.length, 0);
    return Math.floor(Math.ceil(chars / 4) / BLOCK_TOKENS) * BLOCK_TOKENS;
  }
}

function sharedPrefix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}
