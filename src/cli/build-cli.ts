import { readFileSync } from "node:fs";
import yargs from "yargs";
import type { Argv } from "yargs";
import { COMMANDS, commandName } from "./command-list.ts";
import { UsageError } from "./errors.ts";
import { refuseBadNumbers } from "./options.ts";
import type { DeclaredOptions } from "./options.ts";
import { projectPath } from "../util/paths.ts";

/** The whole command line: global options, the named command loaded, every other one by name only. */
export async function buildCli(args: readonly string[]): Promise<Argv> {
  const cli = yargs([...args])
    .scriptName("sera-bench")
    .usage("$0 <command> [options]\n\nMeasure coding agents on SWE-bench Verified with the official harness's verdicts.")
    .strict()
    .demandCommand(1, "name a command (see --help)")
    .recommendCommands()
    .help()
    .alias("h", "help")
    .version(ownVersion())
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .check((_argv, declared: unknown) => refuseBadNumbers(args, declared as DeclaredOptions), true);
  return registerCommands(cli, args);
}

/**
 * The command named on the line is registered whole (its module loaded); every other command only
 * by name and description, which is all `--help` and "did you mean" need.
 */
async function registerCommands(cli: Argv, args: readonly string[]): Promise<Argv> {
  const named = args.find((arg) => !arg.startsWith("-"));
  for (const entry of COMMANDS) {
    cli = commandName(entry) === named ? (await entry.register())(cli, entry) : cli.command(entry.command, entry.describe);
  }
  return cli;
}

/** Our package's version (yargs would look for the package.json of the working directory). */
function ownVersion(): string {
  const text = readFileSync(projectPath("package.json"), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

