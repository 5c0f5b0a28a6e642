import { writeFile } from "node:fs/promises";
import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { compareRuns } from "../../report/compare/compare.ts";
import { formatComparison } from "../../report/compare/format.ts";
import { writeCompareFiles } from "../../report/compare/write.ts";
import { formatStability } from "../../report/summary/stability.ts";
import { seedFiguresOf } from "../../report/seeds/compare-seeds.ts";
import { formatSeedComparison } from "../../report/seeds/format.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { perResolvedLine } from "../../report/cost/format.ts";
import { costSettingsFrom, withCostOptions } from "../cost-options.ts";

export function compareCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      withCostOptions(y)
        .positional("runs", { type: "string", array: true, demandOption: true, describe: "one run (vs baselines) or two runs (ours vs ours); a seed base stands for its -s1, -s2, ... runs" })
        .option("baseline", { alias: "b", type: "string", array: true, default: [] as string[], describe: "baseline name(s) from harness/baselines (default: the SERA paper's rows at the run's context)" })
        .option("context", { alias: "c", type: "string", describe: "context length, e.g. 32k (default: the run's, from run.json)" })
        .option("alpha", { type: "number", default: 0.05, describe: "significance level" })
        .option("allow-different-set", { type: "boolean", default: false, describe: "compare with baselines although the run covers other instances than SWE-bench Verified's 500 (sizes printed side by side)" })
        .option("allow-different-protocol", { type: "boolean", default: false, describe: "compare sides of different agent protocols (or an unknown one): both protocols are printed side by side" })
        .option("json", { type: "string", describe: "also write the comparisons as JSON to this file" })
        .option("md", { type: "string", describe: "also write the comparisons as markdown to this file" })
        .option("html", { type: "string", describe: "also write the comparisons as a self-contained HTML page to this file" })
        .option("exclude", { type: "string", describe: "a flake list (sera-bench flakes --out FILE): also compare without its instances" })
        .example("$0 compare results/sera-32k --context 32k", "against the paper's 32K figures (seeds -> Welch on seed means)")
        .example('$0 compare results/sera-32k-s1 --baseline "Devstral-Small-2 (24B)"', "against the paper's Devstral row at the run's context (SERA's protocol on both sides)")
        .example("$0 compare results/run-a results/run-b", "two runs of ours (paired)")
        .example("$0 compare results/ckpt-a results/ckpt-b", "two checkpoints over seeds (-s1, -s2, ...): Welch, signal-to-noise ratio, seeds needed")
        .example("$0 compare results/devstral-mini --baseline \"mini-SWE-agent + Devstral small (2512)\" --md compare.md --html compare.html", "reproduce a leaderboard row (same protocol); markdown and HTML too")
        .example("$0 compare results/run-a results/run-b --exclude flakes.json", "also without the known flaky instances")
        .example("$0 compare results/run-a results/run-b --gpus 1 --gpu-hour-usd 2", "also what a resolved instance cost on each side"),
    async (argv) => {
      if (!(argv.alpha > 0 && argv.alpha < 1)) throw new SeraBenchError(`--alpha: expected a number between 0 and 1, got ${argv.alpha}`);
      const result = await compareRuns({
        runs: argv.runs ?? [], baselines: argv.baseline, context: argv.context, alpha: argv.alpha, allowDifferentSet: argv.allowDifferentSet,
        allowDifferentProtocol: argv.allowDifferentProtocol, exclude: argv.exclude, cost: costSettingsFrom(argv),
      });
      if (result.comparisons.length === 0) process.stdout.write(`no baseline at ${result.context ?? "this context"}\n`);
      if (result.leftOut !== undefined) process.stdout.write(`${result.leftOut}\n`);
      for (const comparison of result.comparisons) {
        process.stdout.write(`${formatComparison(comparison)}\n`);
        const seeds = seedFiguresOf(comparison);
        if (seeds !== undefined) process.stdout.write(`  seeds: ${formatSeedComparison(seeds).replaceAll("\n", "\n  ")}\n`);
      }
      for (const cost of result.costs) process.stdout.write(`cost of ${cost.runId}: ${perResolvedLine(cost)}\n`);
      for (const { runId, summary } of result.stability) process.stdout.write(`repeats of ${runId}: ${formatStability(summary)}\n`);
      const without = result.withoutExcluded;
      if (without !== undefined) {
        process.stdout.write(`Without the ${without.ids.length} instance(s) of ${without.file}${without.ids.length === 0 ? "" : ` (${without.ids.join(", ")})`}:\n`);
        for (const comparison of without.comparisons) process.stdout.write(`${formatComparison(comparison)}\n`);
      }
      const groups = [{ heading: undefined, comparisons: result.comparisons }, ...(without === undefined ? [] : [{ heading: `Without the ${without.ids.length} instance(s) of ${without.file}`, comparisons: without.comparisons }])];
      const written = await writeCompareFiles({ groups, notes: result.leftOut === undefined ? [] : [result.leftOut] }, { md: argv.md, html: argv.html });
      if (written.length > 0) process.stdout.write(`Written: ${written.join(", ")}\n`);
      if (argv.json !== undefined) await writeFile(argv.json, `${JSON.stringify({ ...result, comparisons: result.comparisons.map((c) => ({ ...c, seeds: seedFiguresOf(c) })) }, (_k, v: unknown) => (v instanceof Set ? [...(v as Set<string>)] : v), 2)}\n`);
    },
  );
}
