import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { parseShard } from "../../run/plan-file.ts";
import { runWorker } from "../../executor/worker.ts";
import { optional } from "../../util/optional.ts";
import { abortOnInterrupt } from "../interrupt.ts";

/** `sera-bench worker`: what a Slurm array task runs; not meant to be typed by hand. */
export function workerCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      y
        .option("run-dir", { type: "string", demandOption: true, describe: "the run folder (on a filesystem the nodes share)" })
        .option("shard", { type: "string", demandOption: true, describe: "K/N: shard K (0-based) of N" }),
    async (argv) => {
      // scancel signals the task's processes and the step's shell relays it: one stop, however many copies.
      const interrupt = abortOnInterrupt({ note: (line) => void process.stderr.write(`shard ${argv.shard}: ${line}\n`) });
      try {
        const token = process.env.SERA_BENCH_RUN_TOKEN;
        const outcome = await runWorker({ runDir: argv.runDir, shard: parseShard(argv.shard), signal: interrupt.signal, ...optional("token", token) });
        process.stderr.write(`shard ${argv.shard}: ran ${outcome.ran}, already done ${outcome.skipped}\n`);
        if (outcome.interrupted) process.exitCode = 130;
      } finally {
        interrupt.dispose();
      }
    },
  );
}
