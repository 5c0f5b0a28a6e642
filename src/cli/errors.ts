import { SeraBenchError } from "../util/errors.ts";
import type { ExitKind } from "../util/errors.ts";
import { redactSecrets } from "../util/secrets.ts";

/**
 * Exit codes: 0 the command completed (whatever the resolve rate); 1 bad input or an
 * infrastructure failure (the message says what to fix); 130 interrupted (finished work is kept).
 * `gate`: 0 pass, 1 regression, 2 incomplete or invalid run (bad flags included).
 */
export const EXIT_CODES = { ok: 0, failure: 1, regression: 1, incomplete: 2, interrupted: 130 } as const satisfies Record<ExitKind | "ok" | "regression" | "interrupted", number>;

/** Flags yargs refused; `exit` is the command's (gate: incomplete). */
export class UsageError extends SeraBenchError {}

/** Errors we raise on purpose carry a message saying what to fix; anything else shows its stack. */
const PROGRAMMING_ERRORS = [TypeError, ReferenceError, RangeError, SyntaxError];

/** The message printed for an error, without the registered secrets (a Slurm task's log is in the run folder). */
export function describeError(error: unknown): string {
  return redactSecrets(errorText(error));
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return `sera-bench: ${String(error)}`;
  const unexpected = PROGRAMMING_ERRORS.some((kind) => error.constructor === kind);
  if (unexpected || process.env.SERA_BENCH_DEBUG !== undefined) return `sera-bench: ${error.stack ?? error.message}`;
  return `sera-bench: ${error.message}`;
}
