import { hideBin } from "yargs/helpers";
import { buildCli } from "./build-cli.ts";
import { dropOutputToClosedReader } from "./closed-output.ts";
import { describeError, EXIT_CODES, UsageError } from "./errors.ts";
import { SeraBenchError } from "../util/errors.ts";
import { explainWriteError } from "../util/write-errors.ts";

/**
 * Exit codes: 0 the command completed (whatever the resolve rate); 1 bad input or an
 * infrastructure failure (the message says what to fix); 130 interrupted (finished work is kept).
 * `gate` has its own: 0 pass, 1 regression, 2 incomplete or invalid run (bad flags included).
 */
async function main(): Promise<void> {
  dropOutputToClosedReader(process.stdout);
  dropOutputToClosedReader(process.stderr);
  await (await buildCli(hideBin(process.argv))).parseAsync();
}

main().catch((raised: unknown) => {
  // A refused write that no layer named (it carries its path): said as what to do, not as a stack.
  const path = (raised as NodeJS.ErrnoException | undefined)?.path;
  const error = path === undefined ? raised : explainWriteError(path, raised);
  process.stderr.write(`${describeError(error)}\n`);
  if (error instanceof UsageError) process.stderr.write("Run with --help for usage.\n");
  const failure = error instanceof SeraBenchError ? EXIT_CODES[error.exit] : EXIT_CODES.failure;
  process.exitCode = process.exitCode === undefined || process.exitCode === 0 ? failure : process.exitCode;
});
