import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { cleanupContainers } from "../../sandbox/cleanup.ts";
import { hostsFrom } from "../executor-options.ts";
import { enginePoolFor } from "../../sandbox/engines.ts";

export function cleanupCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      y
        .option("all", { type: "boolean", default: false, describe: "remove every sera-bench container, live runs' too" })
        .option("dry-run", { type: "boolean", default: false, describe: "only list them" })
        .option("docker-host", { type: "string", array: true, describe: "engine address(es); default DOCKER_HOST or the local socket" }),
    async (argv) => {
      const pool = enginePoolFor(hostsFrom(argv.dockerHost, 1), 1);
      const removed = await cleanupContainers(pool.engines, { all: argv.all, dryRun: argv.dryRun });
      for (const name of removed) process.stdout.write(`${argv.dryRun ? "would remove" : "removed"} ${name}\n`);
      process.stdout.write(`${removed.length} container(s) ${argv.dryRun ? "to remove" : "removed"}\n`);
    },
  );
}
