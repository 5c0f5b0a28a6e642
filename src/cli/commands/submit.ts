import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { buildSubmission } from "../../report/submit/build.ts";

export function submitCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      y
        .positional("run", { type: "string", demandOption: true, describe: "run folder (results/<run_id>)" })
        .option("name", { type: "string", demandOption: true, describe: "system name shown on the leaderboard" })
        .option("org", { type: "string", demandOption: true, describe: "organisation / authors" })
        .option("out", { alias: "o", type: "string", default: "submissions", describe: "the folder <YYYYMMDD>_<name> is written under this" })
        .option("attempts", { type: "string", choices: ["1", "2+"], default: "1", describe: "1 (pass@1) or 2+ (best-of-k without test feedback)" })
        .option("report-url", { type: "string", describe: "technical report or blog post (metadata.yaml info.report)" })
        .option("site", { type: "string", describe: "project site (metadata.yaml info.site)" })
        .example('$0 submit results/sera-32k-s1 --name "SWE-agent + SERA-32B" --org Ai2', "the folder under submissions/"),
    async (argv) => {
      const result = await buildSubmission({
        run: argv.run ?? "", name: argv.name, org: argv.org, outDir: argv.out, attempts: argv.attempts === "2+" ? "2+" : "1",
        report: argv.reportUrl, site: argv.site,
      });
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
      process.stdout.write(`Submission folder: ${result.dir}\nsb-cli predictions: ${result.sbCliPredictions}\nSend it with:\n  ${result.sbCliCommand}\n`);
    },
  );
}
