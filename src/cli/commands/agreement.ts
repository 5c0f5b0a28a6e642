import { writeFile } from "node:fs/promises";
import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { agreementOf } from "../../report/agreement/agreement.ts";
import { loadRuns } from "../../report/run/load.ts";

export function agreementCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      y
        .positional("runs", { type: "string", array: true, demandOption: true, describe: "two or more run folders, or a seed base (<id> for <id>-s1, -s2, ...)" })
        .option("json", { type: "string", describe: "write the per-instance agreement as JSON to this file" })
        .example("$0 agreement results/sera-32k-s1 results/sera-32k-s2", "two seeds")
        .example("$0 agreement results/sera-32k", "every seed of a configuration"),
    async (argv) => {
      const result = agreementOf(await loadRuns(argv.runs ?? []));
      process.stdout.write(`Agreement of ${result.runs.join(", ")} over ${result.instances.length} instances (recall: lines of the earlier run's patch found in the later one's; lowest pair)\n`);
      for (const band of result.bands) {
        const rate = band.resolveRate === undefined ? "n/a" : `${(band.resolveRate * 100).toFixed(1)}%`;
        process.stdout.write(`  ${band.band.padEnd(10)} ${String(band.instances).padStart(5)} instances, resolved within band ${rate}\n`);
      }
      if (argv.json !== undefined) await writeFile(argv.json, `${JSON.stringify(result, null, 2)}\n`);
    },
  );
}
