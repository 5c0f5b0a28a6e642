import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { evalCommand } from "./commands/eval.ts";
import { imagesCommand } from "./commands/images.ts";
import { specsCommand } from "./commands/specs.ts";
import { describeError } from "./errors.ts";

/**
 * Exit codes: 0 the command completed (whatever the resolve rate); 1 bad input or an
 * infrastructure failure (the message says what to fix); 130 interrupted (finished work is kept).
 */
async function main(): Promise<void> {
  let cli = yargs(hideBin(process.argv))
    .scriptName("sera-bench")
    .usage("$0 <command> [options]\n\nMeasure coding agents on SWE-bench Verified with the official harness's verdicts.")
    .strict()
    .demandCommand(1, "name a command (see --help)")
    .recommendCommands()
    .help()
    .alias("h", "help")
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  cli = evalCommand(cli);
  cli = specsCommand(cli);
  cli = imagesCommand(cli);
  await cli.parseAsync();
}

class UsageError extends Error {
  override readonly name = "UsageError";
}

main().catch((error: unknown) => {
  process.stderr.write(`${describeError(error)}\n`);
  if (error instanceof UsageError) process.stderr.write("Run with --help for usage.\n");
  process.exitCode = process.exitCode === undefined || process.exitCode === 0 ? 1 : process.exitCode;
});
