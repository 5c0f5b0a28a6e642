import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { splitList } from "../options.ts";
import { EXPORT_FORMATS, exportRun, type ExportFormat } from "../../report/export/export-run.ts";

export function exportCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      y
        .positional("run", { type: "string", demandOption: true, describe: "run folder (results/<run_id>) or run id, with trajs/" })
        .option("format", { alias: "f", type: "string", choices: EXPORT_FORMATS, demandOption: true, describe: "atif: Harbor's ATIF v1.4 (<id>.trajectory.json); swe-agent: SWE-agent .traj files (<id>/<id>.traj)" })
        .option("out", { alias: "o", type: "string", demandOption: true, describe: "output folder" })
        .option("instance-ids", { alias: "i", type: "string", array: true, describe: "only these instances (space or comma separated)" })
        .example("$0 export results/demo --format atif --out exports/demo-atif", "ATIF v1.4 trajectories, validated against the published schema")
        .example("$0 export results/demo --format swe-agent --out exports/demo-traj", "SWE-agent .traj files (replayable with sera-bench replay)"),
    async (argv) => {
      const result = await exportRun({ run: argv.run ?? "", format: argv.format as ExportFormat, outDir: argv.out, instanceIds: splitList(argv.instanceIds) });
      process.stdout.write(`Exported ${result.files.length} trajectory(ies) of ${result.runDir} as ${argv.format} to ${argv.out}\n`);
    },
  );
}
