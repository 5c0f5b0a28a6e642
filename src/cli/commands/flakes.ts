import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { GOLD } from "../../dataset/predictions.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { repeatOption, selectionFrom } from "../options.ts";
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
        .option("run-id", { type: "string", describe: "the eval run it makes (default: flakes-<hash of the dataset, selection, predictions' content and eval options>, so other predictions make another run; re-running resumes; a larger --repeat adds evaluations)" })
        .option("out", { type: "string", default: "flakes.json", describe: "where the flake list goes (for report/compare/gate --exclude FILE)" })
        .example("$0 flakes --dataset flaky --predictions gold --repeat 8 --out flakes.json", "which instances' gold verdicts are not reproducible")
        .example("$0 gate results/nightly --min-resolve-rate 0.45 --exclude flakes.json", "then: judge a run without them"),
    async (argv) => {
      const repeat = repeatOption("--repeat", argv.repeat);
      if (repeat < 2) throw new UsageError(`--repeat: flakes needs at least 2 evaluations per prediction, got ${repeat}`);
      const runId = argv.runId ?? (await flakesRunId(argv));
      if (argv.runId === undefined) process.stderr.write(`Run id: ${runId}\n`);
      const summary = await runEvalCommand({ ...argv, runId }, repeat);
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

/**
 * The default run id: `flakes-` and a short hash of what decides the verdicts (dataset, split,
 * selection, the predictions' content, --eval-scripts, --generate), not --repeat (a larger count
 * resumes the same run and adds evaluations).
 */
async function flakesRunId(argv: Parameters<typeof selectionFrom>[0] & {
  readonly dataset: string; readonly split: string; readonly predictions: string; readonly evalScripts?: string | undefined; readonly generate: boolean;
}): Promise<string> {
  const predictions = argv.predictions === GOLD ? GOLD : await readFile(argv.predictions).then(
    (content) => createHash("sha256").update(content).digest("hex"),
    (error: unknown) => {
      throw new SeraBenchError(`--predictions ${argv.predictions}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    },
  );
  const identity = { dataset: argv.dataset, split: argv.split, selection: selectionFrom(argv), predictions, eval_scripts: argv.evalScripts ?? "current", generate: argv.generate };
  return `flakes-${createHash("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, 12)}`;
}
