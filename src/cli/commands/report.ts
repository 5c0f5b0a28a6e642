import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { formatRate, stabilityLines } from "../../report/output/format.ts";
import { writeReport } from "../../report/write-report.ts";
import { costConsoleLines } from "../../report/cost/format.ts";
import { costSettingsFrom, withCostOptions } from "../cost-options.ts";
import { seedGroupLines } from "../../report/seeds/format.ts";
import { contaminationLines } from "../../report/contamination/section.ts";

export function reportCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      withCostOptions(y)
        .positional("runs", { type: "string", array: true, demandOption: true, describe: "run folders (results/<run_id>), run ids, or a seed base (<id> for <id>-s1, -s2, ...)" })
        .option("out", { alias: "o", type: "string", describe: "output folder (default: <run>/report, or <parent>/report-<first>+N for several runs)" })
        .option("dataset", { alias: "d", type: "string", describe: "dataset for difficulty labels (default: run.json's, else the bundled Verified list)" })
        .option("exclude", { type: "string", describe: "a flake list (sera-bench flakes --out FILE): rates also shown without its instances" })
        .example("$0 report results/sample-gold", "one run")
        .example("$0 report results/sera-32k", "every seed results/sera-32k-s1, -s2, ...")
        .example("$0 report results/sera-32k-s1 results/sera-64k-s1 --out reports/ctx", "two context lengths")
        .example("$0 report results/nightly --exclude flakes.json", "also the rate without the known flaky instances")
        .example("$0 report results/sample-demo --gpus 1 --gpu-hour-usd 2", "GPU-hours and dollars per resolved instance")
        .example("$0 report results/sample-demo --price 0.6,0.15,2.4", "dollars from token prices (USD per million: input, cached, output)"),
    async (argv) => {
      const cost = costSettingsFrom(argv);
      const result = await writeReport({ runs: argv.runs ?? [], outDir: argv.out, dataset: argv.dataset, exclude: argv.exclude, cost });
      for (const [index, run] of result.data.runs.entries()) {
        const protocol = `; protocol: ${run.protocolLine}`;
        process.stdout.write(`${run.runId}: ${formatRate(run.overall)}${protocol}${run.complete ? "" : ` (incomplete: ${run.incomplete.length} problem(s))`}\n`);
        for (const line of stabilityLines(run)) process.stdout.write(`  ${line}\n`);
        for (const missing of run.missing) process.stdout.write(`  missing: ${missing}\n`);
        if (run.agent.leakAttempts.length > 0) process.stdout.write(`  leak attempts: ${run.agent.leakAttempts.join("; ")}\n`);
        const runCost = result.costs[index];
        for (const line of runCost === undefined ? [] : costConsoleLines(runCost)) process.stdout.write(`  ${line}\n`);
      }
      for (const group of result.data.seeds.filter((g) => g.seeds.length > 1)) for (const line of seedGroupLines(group)) process.stdout.write(`${line}\n`);
      for (const line of contaminationLines(result.data.contamination)) process.stdout.write(`${line}\n`);
      process.stdout.write(`Written: ${[...Object.values(result.files), ...Object.values(result.costFiles)].join(", ")}\n`);
    },
  );
}
