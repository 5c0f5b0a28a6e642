import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { inferCommand, runCommand } from "./commands/agent-run.ts";
import { agreementCommand } from "./commands/agreement.ts";
import { cleanupCommand } from "./commands/cleanup.ts";
import { compareCommand } from "./commands/compare.ts";
import { evalCommand } from "./commands/eval.ts";
import { gateCommand } from "./commands/gate.ts";
import { imagesCommand } from "./commands/images.ts";
import { promptCommand } from "./commands/prompt.ts";
import { protocolCommand } from "./commands/protocol.ts";
import { replayCommand } from "./commands/replay.ts";
import { reportCommand } from "./commands/report.ts";
import { serveScriptedCommand } from "./commands/serve-scripted.ts";
import { specsCommand } from "./commands/specs.ts";
import { submitCommand } from "./commands/submit.ts";
import { workerCommand } from "./commands/worker.ts";
import { describeError, EXIT_CODES, UsageError } from "./errors.ts";
import { SeraBenchError } from "../util/errors.ts";

/**
 * Exit codes: 0 the command completed (whatever the resolve rate); 1 bad input or an
 * infrastructure failure (the message says what to fix); 130 interrupted (finished work is kept).
 * `gate` has its own: 0 pass, 1 regression, 2 incomplete or invalid run (bad flags included).
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
  for (const register of [evalCommand, inferCommand, runCommand, promptCommand, replayCommand, protocolCommand, specsCommand, imagesCommand, reportCommand, compareCommand, gateCommand, submitCommand, agreementCommand, serveScriptedCommand, workerCommand, cleanupCommand]) {
    cli = register(cli);
  }
  await cli.parseAsync();
}

main().catch((error: unknown) => {
  process.stderr.write(`${describeError(error)}\n`);
  if (error instanceof UsageError) process.stderr.write("Run with --help for usage.\n");
  const failure = error instanceof SeraBenchError ? EXIT_CODES[error.exit] : EXIT_CODES.failure;
  process.exitCode = process.exitCode === undefined || process.exitCode === 0 ? failure : process.exitCode;
});
