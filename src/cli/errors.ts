/** Errors we raise on purpose carry a message saying what to fix; anything else shows its stack. */
const PROGRAMMING_ERRORS = [TypeError, ReferenceError, RangeError, SyntaxError];

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `sera-bench: ${String(error)}`;
  const unexpected = PROGRAMMING_ERRORS.some((kind) => error.constructor === kind);
  if (unexpected || process.env.SERA_BENCH_DEBUG !== undefined) return `sera-bench: ${error.stack ?? error.message}`;
  return `sera-bench: ${error.message}`;
}
