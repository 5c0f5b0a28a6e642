import type { Argv } from "yargs";
import type { ExecutorChoice } from "../executor/executors.ts";
import { parseHostSpec } from "../sandbox/engine-pool.ts";
import { parseBytes, wholeNumber } from "./options.ts";
import { optional } from "../util/optional.ts";
import { projectPath } from "../util/paths.ts";
import { DEFAULT_MAX_CONSECUTIVE_FAILURES } from "../run/breaker.ts";

const CLI = projectPath("bin/sera-bench.js");

/** Flags of `eval`, `infer` and `run` for where the work runs: executor, engines, image budget, Slurm. */
export function withExecutorOptions<T>(yargs: Argv<T>) {
  return yargs
    .option("executor", { type: "string", choices: ["local", "slurm"] as const, default: "local", describe: "where instances run: this machine, or Slurm array tasks" })
    .option("docker-host", { type: "string", array: true, describe: "engine ADDRESS[=WORKERS] (unix://, tcp://, ssh://); repeat to spread work; default DOCKER_HOST or the local socket" })
    .option("max-consecutive-failures", { type: "number", default: DEFAULT_MAX_CONSECUTIVE_FAILURES, describe: "stop the run (exit 1, finished work kept) when this many instances in a row fail with the same model-server or engine error; 0 never stops" })
    .option("image-budget", { type: "string", describe: "keep instance images under this size per engine, e.g. 150GB: evaluated instances' images are removed, least recently used first" })
    .option("shards", { type: "number", default: 4, describe: "slurm: array tasks (shards); each runs --workers instances at once" })
    .option("partition", { type: "string", describe: "slurm: --partition" })
    .option("time-limit", { type: "string", describe: "slurm: --time per task, e.g. 04:00:00" })
    .option("cpus-per-task", { type: "number", describe: "slurm: --cpus-per-task" })
    .option("mem-per-task", { type: "string", describe: "slurm: --mem per task, e.g. 16G" })
    .option("sbatch-arg", { type: "string", array: true, describe: "slurm: extra sbatch argument, repeatable (e.g. --sbatch-arg=--account=lab)" })
    .option("max-resubmits", { type: "number", default: 2, describe: "slurm: times a failed or cancelled shard is submitted again" })
    .option("poll-seconds", { type: "number", default: 5, describe: "slurm: how often the coordinator looks at the queue and the run folder" })
    .option("node-binary", { type: "string", default: process.execPath, describe: "slurm: node on the compute nodes" });
}

export interface ExecutorArgv {
  executor: string;
  dockerHost?: string[] | undefined;
  imageBudget?: string | undefined;
  maxConsecutiveFailures: number;
  shards: number;
  partition?: string | undefined;
  timeLimit?: string | undefined;
  cpusPerTask?: number | undefined;
  memPerTask?: string | undefined;
  sbatchArg?: string[] | undefined;
  maxResubmits: number;
  pollSeconds: number;
  nodeBinary: string;
}

export function hostsFrom(specs: readonly string[] | undefined, defaultSlots: number): { address: string; slots: number }[] {
  return (specs ?? []).map((spec) => parseHostSpec(spec, defaultSlots));
}

/** The executor the flags name; `workers`: instances at once on this machine, or in one Slurm array task. */
export function executorFrom(argv: ExecutorArgv, workers: number): ExecutorChoice {
  const hosts = hostsFrom(argv.dockerHost, workers);
  const imageBudgetBytes = parseBytes(argv.imageBudget, "--image-budget") ?? null;
  const maxConsecutiveFailures = argv.maxConsecutiveFailures;
  wholeNumber("--max-consecutive-failures", maxConsecutiveFailures, 0);
  if (argv.executor !== "slurm") return { kind: "local", hosts, imageBudgetBytes, maxConsecutiveFailures };
  wholeNumber("--shards", argv.shards);
  wholeNumber("--max-resubmits", argv.maxResubmits, 0);
  const settings = {
    shards: argv.shards, taskWorkers: workers, dockerHosts: hosts, imageBudgetBytes, maxConsecutiveFailures,
    ...optional("partition", argv.partition), ...optional("timeLimit", argv.timeLimit), ...optional("cpusPerTask", argv.cpusPerTask),
    ...optional("memory", argv.memPerTask), sbatchArgs: argv.sbatchArg ?? [], maxResubmits: argv.maxResubmits,
    pollMs: argv.pollSeconds * 1000, node: argv.nodeBinary, cli: CLI,
  };
  return { kind: "slurm", settings };
}

/** `infer` / `run`: the executor flags, plus what Slurm workers need to reach the model. */
export function withAgentExecutorOptions<T>(yargs: Argv<T>) {
  return withExecutorOptions(yargs)
    .option("api-key-file", { type: "string", describe: "file holding the API key (with --executor slurm: readable on the nodes; otherwise they use their OPENAI_API_KEY)" })
    .option("scripted-host", { type: "string", default: "127.0.0.1", describe: "--model scripted: address the built-in model listens on (slurm: one the nodes reach; 0.0.0.0 = all, advertised under this host's name)" });
}
