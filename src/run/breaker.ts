import { SeraBenchError } from "../util/errors.ts";
import type { SandboxEngine } from "../sandbox/types.ts";

/** Instances in a row that may fail with the same server or engine error before the run stops itself. */
export const DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;

/** The run stopped itself: instances kept failing the same way (a dead or misconfigured server or engine). */
export class RunBreakerError extends SeraBenchError {}

/**
 * The run-level circuit breaker of one worker: instances end in the order they end; one that fails
 * for infrastructure reasons with the same error (its message with the instance's own names and the
 * numbers taken out) as the ones before it lengthens the streak, anything else ends it. At `limit`
 * in a row (0: never) `failed` throws a RunBreakerError, which stops the run: finished work is kept.
 */
export class FailureBreaker {
  private streak: { readonly key: string; readonly ids: string[] } | undefined;

  constructor(
    private readonly limit: number,
    private readonly runId: string,
  ) {}

  succeeded(): void {
    this.streak = undefined;
  }

  /** `names`: what differs between instances failing the same way (the id, the image). */
  failed(id: string, message: string, names: readonly string[]): void {
    const key = errorKey(message, names);
    if (this.streak?.key !== key) this.streak = { key, ids: [] };
    this.streak.ids.push(id);
    if (this.limit === 0 || this.streak.ids.length < this.limit) return;
    throw new RunBreakerError(
      `stopped run ${this.runId}: ${this.streak.ids.length} instances in a row (${this.streak.ids.join(", ")}) failed with the same error: ${message}\n` +
        "Finished instances are kept. Fix the model server or the engine, then re-run the same command: the failed instances are retried " +
        `(--max-consecutive-failures N sets how many failures in a row stop a run, default ${DEFAULT_MAX_CONSECUTIVE_FAILURES}; 0 never stops).`,
    );
  }
}

function errorKey(message: string, names: readonly string[]): string {
  let key = message;
  for (const name of names) if (name.length >= 3) key = key.split(name).join("<instance>");
  return key.replace(/\b[0-9a-f]{12,}\b/g, "<hex>").replace(/\d+(\.\d+)?/g, "N");
}

/** Why the engine does not answer (it is down or unreachable), or undefined when it answers. */
export async function engineDown(engine: SandboxEngine): Promise<string | undefined> {
  try {
    await engine.listByLabels({ "sera-bench.probe": "1" });
    return undefined;
  } catch (error) {
    return `the container engine at ${engine.describe} does not answer (${error instanceof Error ? error.message : String(error)})`;
  }
}
