import { join } from "node:path";
import type { Argv } from "yargs";
import { buildCli } from "../build-cli.ts";
import type { CommandEntry } from "../command-list.ts";

/**
 * The main job on the bundled sample, as two command lines of our own run in this process: `run`
 * (which builds the sample's images when they are missing, then rollouts by the scripted model,
 * each finished instance evaluated in a fresh container) and `report`.
 */
export function demoCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      y
        .option("run-id", { type: "string", default: "sample-demo", describe: "name of the run (redone from scratch each time)" })
        .option("workers", { alias: "w", type: "number", default: 2, describe: "rollouts at once" })
        .option("output-dir", { alias: "o", type: "string", default: "results", describe: "the run is written to <output-dir>/<run-id>/" })
        .example("$0 demo", "six sample instances, scripted model, real containers; prints the report")
        .example("$0 demo -w 1 -o /tmp/demo", "one rollout at a time, written under /tmp/demo"),
    async (argv) => {
      const run = ["run", "--dataset", "sample", "--model", "scripted", "--run-id", argv.runId, "--workers", String(argv.workers), "--output-dir", argv.outputDir, "--redo"];
      await (await buildCli(run)).parseAsync();
      if (process.exitCode !== undefined && process.exitCode !== 0) return;
      await (await buildCli(["report", join(argv.outputDir, argv.runId)])).parseAsync();
    },
  );
}
