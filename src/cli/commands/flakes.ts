import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { repeatOption } from "../options.ts";
import { UsageError } from "../errors.ts";
import { writeJsonAtomic } from "../../util/fs-atomic.ts";
import { runEvalCommand, withEvalOptions } from "./eval.ts";

/** `sera-bench flakes`: an eval run with repeats whose flake list is written to --out. */
export function flakesCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      withEvalOptions(y)
        .option("repeat", { type: "number", default: 8, describe: "evaluations per prediction (at least 2)" })
        .option("run-id", { type: "string", default: "flakes", describe: "the eval run it makes (re-running it resumes; a larger --repeat adds evaluations)" })
        .option("out", { type: "string", default: "flakes.json", describe: "where the flake list goes (for report/compare/gate --exclude FILE)" })
        .example("$0 flakes --dataset flaky --predictions gold --repeat 8 --out flakes.json", "which instances' gold verdicts are not reproducible")
        .example("$0 gate results/nightly --min-resolve-rate 0.45 --exclude flakes.json", "then: judge a run without them"),
    async (argv) => {
      const repeat = repeatOption("--repeat", argv.repeat);
      if (repeat < 2) throw new UsageError(`--repeat: flakes needs at least 2 evaluations per prediction, got ${repeat}`);
      const summary = await runEvalCommand(argv, repeat);
      if (summary.flakes !== undefined) {
        await writeJsonAtomic(argv.out, summary.flakes, 2);
        process.stdout.write(`${summary.flakes.flaky_ids.length} flaky instance(s) written to ${argv.out}\n`);
      }
      if (summary.interrupted) {
        process.stdout.write(summary.flakes === undefined ? "Interrupted before any instance finished its repeats: no flake list written\n" : "Interrupted: the flake list covers only the instances that finished their repeats\n");
        process.exitCode = 130;
      }
    },
  );
}
