/**
 * How a failure ends the command (the CLI maps each to a number in EXIT_CODES): `failure`, bad
 * input or an infrastructure problem; `incomplete`, `gate` could not judge the run.
 */
export type ExitKind = "failure" | "incomplete";

/**
 * The one base of every error sera-bench raises on purpose: its message says what to fix, and it
 * carries how the command exits. Anything else that reaches the CLI is a bug and shows its stack.
 */
export class SeraBenchError extends Error {
  readonly exit: ExitKind;
  constructor(message: string, options?: { readonly cause?: unknown; readonly exit?: ExitKind }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exit = options?.exit ?? "failure";
  }
}
