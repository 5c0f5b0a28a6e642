import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { UsageError } from "../errors.ts";
import { runGate } from "../../report/gate/gate.ts";
import { writeGateFiles } from "../../report/gate/write.ts";

export function gateCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      y
        .positional("run", { type: "string", demandOption: true, describe: "run folder (results/<run_id>) or run id" })
        .option("min-resolve-rate", { type: "number", describe: "fail below this resolved fraction (required), e.g. 0.45" })
        .option("reference", { type: "string", describe: "a reference run folder or a baseline name; fails on a significant drop beyond --max-drop" })
        .option("max-drop", { type: "number", default: 0, describe: "allowed drop from the reference, as a fraction (0.02 = 2 points)" })
        .option("alpha", { type: "number", default: 0.05, describe: "significance level for the reference comparison" })
        .option("max-error-rate", { type: "number", describe: "fail when more than this fraction of instances are errors" })
        .option("allow-incomplete", { type: "boolean", default: false, describe: "judge an incomplete run anyway (missing work counts as unresolved)" })
        .option("allow-different-set", { type: "boolean", default: false, describe: "compare with a baseline although the run covers other instances than SWE-bench Verified's 500 (sizes printed side by side)" })
        .option("allow-different-protocol", { type: "boolean", default: false, describe: "compare with a reference of another agent protocol (or an unknown one): both protocols are printed side by side" })
        .option("ignore-flaky", { type: "boolean", default: false, describe: "an instance flaky across eval --repeat N cannot fail the gate (counted as resolved, and listed)" })
        .option("exclude", { type: "string", describe: "a flake list (sera-bench flakes --out FILE): judge the run without its instances" })
        .option("min-snr", { type: "number", describe: "fail a claimed improvement over --reference whose signal-to-noise ratio (difference / pooled sd of the seeds) is below this, e.g. 2; RUN may be a seed base" })
        .option("max-exact-match", { type: "number", describe: "fail when more than this fraction of predictions contain every hunk of the gold patch verbatim (leaderboard rule; it questions > 0.2)" })
        .option("json", { type: "string", describe: "verdict JSON path (default <run>/gate/verdict.json)" })
        .option("junit", { type: "string", describe: "JUnit XML path (default <run>/gate/junit.xml)" })
        .example("$0 gate results/nightly --min-resolve-rate 0.45 --reference results/baseline --max-drop 0.02", "CI regression gate")
        .example("$0 gate results/nightly --min-resolve-rate 0.45 --ignore-flaky", "a run evaluated with --repeat N: flaky instances cannot fail it")
        .example("$0 gate results/nightly --min-resolve-rate 0.45 --exclude flakes.json", "judged without the instances of a flake list")
        .example("$0 gate results/ckpt-b --min-resolve-rate 0.45 --reference results/ckpt-a --min-snr 2", "seeds ckpt-b-s1.. must beat ckpt-a-s1.. by 2 pooled standard deviations")
        .example("$0 gate results/nightly --min-resolve-rate 0.45 --max-exact-match 0.2", "fail when over 20% of predictions copy the gold patch")
        // A gate that cannot judge (bad flags, an unreadable run) exits 2, not 1: 1 means a regression.
        .fail((message, error) => {
          throw asIncomplete(error ?? new UsageError(message));
        }),
    async (argv) => {
      const verdict = await runGate({
        run: argv.run ?? "", minResolveRate: argv.minResolveRate, reference: argv.reference, maxDrop: argv.maxDrop,
        alpha: argv.alpha, maxErrorRate: argv.maxErrorRate, allowIncomplete: argv.allowIncomplete,
        allowDifferentSet: argv.allowDifferentSet, allowDifferentProtocol: argv.allowDifferentProtocol, ignoreFlaky: argv.ignoreFlaky, exclude: argv.exclude,
        minSnr: argv.minSnr, maxExactMatch: argv.maxExactMatch,
      }).catch((error: unknown) => {
        throw asIncomplete(error);
      });
      process.stdout.write(`${verdict.verdict}\n`);
      const runDir = [argv.run ?? "", join("results", argv.run ?? ""), `${argv.run ?? ""}-s1`, join("results", `${argv.run ?? ""}-s1`)].find((dir) => dir !== "" && existsSync(dir));
      if (runDir !== undefined || (argv.json !== undefined && argv.junit !== undefined)) {
        const written = await writeGateFiles(verdict, { json: argv.json, junit: argv.junit }, runDir ?? ".");
        process.stdout.write(`Written: ${written.json}, ${written.junit}\n`);
      } else {
        process.stdout.write("No verdict files written: the run folder does not exist (pass --json and --junit to write them elsewhere).\n");
      }
      process.exitCode = verdict.exitCode;
    },
  );
}

function asIncomplete(error: unknown): SeraBenchError {
  if (error instanceof UsageError) return new UsageError(error.message, { exit: "incomplete" });
  if (error instanceof SeraBenchError) return new SeraBenchError(error.message, { cause: error, exit: "incomplete" });
  return new SeraBenchError(error instanceof Error ? error.message : String(error), { cause: error, exit: "incomplete" });
}
