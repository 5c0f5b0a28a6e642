import type { Argv } from "yargs";
import type { CommandEntry } from "../command-list.ts";
import type { InstanceResult } from "../../evaluation/outcome.ts";
import { executorFrom, withExecutorOptions } from "../executor-options.ts";
import { containerLimitsFrom, EVAL_SCRIPTS_OPTION, namingFrom, repeatOption, selectionFrom, withContainerOptions, withDatasetOptions, withImageOptions, wholeNumber } from "../options.ts";
import { abortOnInterrupt } from "../interrupt.ts";
import type { ProgressCounts } from "../progress.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { PROTOCOL_NAME_FORMS, parseProtocolName } from "../../protocol/identity-of.ts";
import { protocolDetail, UNKNOWN_PROTOCOL } from "../../protocol/identity.ts";
import { join } from "node:path";

export function evalCommand(yargs: Argv, entry: CommandEntry) {
  return yargs.command(
    entry.command,
    entry.describe,
    (y) =>
      withEvalOptions(y)
        .option("run-id", { type: "string", demandOption: true, describe: "name of the run; re-running it with the same inputs resumes (other inputs are refused: see --redo-changed)" })
        .option("repeat", { type: "number", default: 1, describe: "evaluate each prediction N times, each in a fresh container; the first is the official verdict, the rest mark it stable or flaky" })
        .example("$0 eval --dataset sample --predictions gold --run-id sample-gold", "the bundled sample, gold patches")
        .example("$0 eval -d verified -p preds.jsonl --run-id sera-32k-s1 -w 8", "SWE-bench Verified")
        .example("$0 eval -d verified -p mini-preds.jsonl --run-id devstral-mini --protocol mini-swe-agent@v1.17.2", "predictions made elsewhere, under a stated protocol (compare checks it)")
        .example("$0 eval -d verified -p preds.jsonl --run-id r1-v410 --eval-scripts v4.1.0", "with the eval scripts of harness v4.1.0 (leaderboard era)")
        .example("$0 eval -d sample -p instances/sample/predictions/wrong.jsonl --run-id sample-gold --redo-changed", "re-use a run id for other predictions: redo the instances whose patch changed")
        .example("$0 eval -d flaky -p gold --run-id flaky-gold --repeat 8", "8 evaluations per prediction: stable or flaky, and which tests flipped")
        .example("$0 eval -d verified -p preds.jsonl --run-id r1 --executor slurm --shards 16 --partition cpu", "as Slurm array tasks (run folder on a shared filesystem)"),
    async (argv) => {
      const summary = await runEvalCommand(argv, repeatOption("--repeat", argv.repeat));
      if (summary.interrupted) process.exitCode = 130;
    },
  );
}

/** The flags of an evaluation run (eval, flakes), but the run id and the repeat count. */
export function withEvalOptions(y: Argv) {
  return withContainerOptions(withExecutorOptions(withImageOptions(withDatasetOptions(y))))
    .option("predictions", { alias: "p", type: "string", demandOption: true, describe: "gold | predictions .jsonl | .json (list or dict)" })
    .option("workers", { alias: "w", type: "number", default: 4, describe: "instances evaluated at once" })
    .option("timeout", { alias: "t", type: "number", default: 1800, describe: "seconds allowed for the eval script" })
    .option("output-dir", { alias: "o", type: "string", default: "results", describe: "runs are written to <output-dir>/<run-id>/" })
    .option("redo", { type: "boolean", default: false, describe: "re-evaluate instances that already have a report" })
    .option("redo-changed", { type: "boolean", default: false, describe: "re-evaluate the instances whose results were made with other inputs (another patch, model name, --eval-scripts, --generate); without it such a re-run is refused" })
    .option("generate", { type: "boolean", default: false, describe: "generate eval scripts from harness/specs even when the dataset carries them" })
    .option("eval-scripts", EVAL_SCRIPTS_OPTION)
    .option("protocol", { type: "string", describe: `the agent protocol the predictions were made under, recorded in run.json for compare and gate: ${PROTOCOL_NAME_FORMS} (default: unknown, which is compared with nothing)` });
}

type EvalArgv = Awaited<ReturnType<typeof withEvalOptions>["argv"]> & { readonly runId: string };

/** Evaluate with a progress display, print the run report (and the flake summary with repeats). */
export async function runEvalCommand(argv: EvalArgv, repeat: number) {
  wholeNumber("--workers", argv.workers);
  if (!(argv.timeout > 0)) throw new SeraBenchError(`--timeout: expected seconds > 0, got ${argv.timeout}`);
  // Loaded here, so that `eval --help` does not load the executors, Docker client and grading.
  const [{ evaluateOn }, { formatRunReport }, { createProgress }, { FLAKES_FILE, formatFlakeSummary }] = await Promise.all([
    import("../../executor/executors.ts"), import("../../run/files/official-report.ts"), import("../progress.ts"), import("../../run/files/flake-list.ts"),
  ]);
  const protocol = argv.protocol === undefined ? UNKNOWN_PROTOCOL : parseProtocolName(argv.protocol);
  const progress = createProgress();
  const counts: ProgressCounts = { done: 0, resolved: 0, errors: 0 };
  const interrupt = abortOnInterrupt(progress);
  try {
    const summary = await evaluateOn(
      executorFrom(argv, argv.workers),
      {
        dataset: argv.dataset, split: argv.split, predictions: argv.predictions, runId: argv.runId,
        selection: selectionFrom(argv), workers: argv.workers, timeoutSeconds: argv.timeout,
        naming: namingFrom(argv), outputDir: argv.outputDir, redo: argv.redo, redoChanged: argv.redoChanged, generate: argv.generate, evalScripts: argv.evalScripts,
        limits: containerLimitsFrom(argv), repeat,
        protocol,
      },
      {
        signal: interrupt.signal, onNotice: (line) => progress.note(line),
        onStart: (total, resumed) => {
          Object.assign(counts, resumed);
          progress.start(total, counts);
        },
        onEvaluated: (result) => {
          if (result.status === "resolved") counts.resolved++;
          if (result.status === "error") counts.errors++;
          // With repeats, an instance is done after its last evaluation (an ungraded first one has no repeats).
          const graded = result.status === "resolved" || result.status === "unresolved";
          if (repeat > 1 && graded) return progress.note(`evaluation 1/${repeat} of ${describe(result)}`);
          counts.done++;
          progress.itemDone(describe(result), counts);
        },
        onRepeatEvaluated: (result, k, of) => {
          const line = `evaluation ${k}/${of} of ${describe(result)}`;
          if (k < of) return progress.note(line);
          counts.done++;
          progress.itemDone(line, counts);
        },
      },
    );
    progress.stop();
    process.stdout.write(`${formatRunReport(summary.report)}\n`);
    const disagree = summary.results.filter((r) => r.verdicts_disagree).map((r) => r.instance_id);
    if (disagree.length > 0) process.stdout.write(`Strict (v5) verdict differs for: ${disagree.join(", ")}\n`);
    if (summary.flakes !== undefined) process.stdout.write(`${formatFlakeSummary(summary.flakes)}\nFlake list: ${join(summary.layout.runDir, FLAKES_FILE)}\n`);
    process.stdout.write(`Protocol: ${protocolDetail(protocol)}${argv.protocol === undefined ? " (state it with --protocol NAME to compare with baselines)" : ""}\n`);
    process.stdout.write(`Report written to ${summary.reportPath}\nPer instance: ${summary.layout.instancesCsv}\n`);
    return summary;
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}

function describe(result: InstanceResult): string {
  const seconds = ((Date.parse(result.finished_at) - Date.parse(result.started_at)) / 1000).toFixed(1);
  const detail = result.status === "error" ? `: ${result.error ?? ""}` : "";
  return `${result.instance_id} ${result.status} (${seconds} s)${detail}`;
}
