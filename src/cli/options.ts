import type { Argv } from "yargs";
import { Parser } from "yargs/helpers";
import type { ContainerLimits } from "../sandbox/types.ts";
import type { EvalScriptRules } from "../evaluation/spec/eval-script.ts";
import { optional } from "../util/optional.ts";
import { SeraBenchError } from "../util/errors.ts";
import { UsageError } from "./errors.ts";

/** Dataset and selection flags shared by eval, specs and (later) infer/run. */
export function withDatasetOptions<T>(yargs: Argv<T>) {
  return yargs
    .option("dataset", { alias: "d", type: "string", demandOption: true, describe: "verified | owner/name on the hub | .json/.jsonl/.parquet file | folder of sample instances" })
    .option("split", { alias: "s", type: "string", default: "test", describe: "hub split" })
    .option("instance-ids", { alias: "i", type: "string", array: true, describe: "only these ids (space or comma separated)" })
    .option("repos", { type: "string", array: true, describe: "only these repositories (owner/name)" })
    .option("subset", { type: "string", describe: "file of instance ids, one per line (see instances/subsets/)" })
    .option("limit", { type: "number", describe: "at most this many instances (after --shuffle)" })
    .option("shuffle", { type: "boolean", default: false, describe: "shuffle the selection (seeded)" })
    .option("seed", { type: "number", default: 42, describe: "seed for --shuffle" });
}

/** Image naming flags. */
export function withImageOptions<T>(yargs: Argv<T>) {
  return yargs
    .option("namespace", { alias: "n", type: "string", describe: "registry namespace of instance images (default swebench; the row's image column wins unless this is given)" })
    .option("image-template", { type: "string", describe: "image name template, e.g. ghcr.io/epoch-research/swe-bench.eval.{arch}.{instance_id}" })
    .option("image-tag", { type: "string", default: "latest", describe: "instance image tag" })
    .option("arch", { type: "string", default: "x86_64", describe: "architecture in image names (official: always x86_64)" });
}

/** `--eval-scripts` of eval, run and specs: whose eval scripts run (a type-only import keeps builders light). */
export const EVAL_SCRIPTS_OPTION = {
  type: "string",
  choices: ["current", "v4.1.0"] as const satisfies readonly EvalScriptRules[],
  default: "current" as EvalScriptRules,
  describe: "current: the dataset's eval_script (the current official harness); v4.1.0: generated exactly as harness v4.1.0 did (leaderboard-era verdicts)",
} as const;

/** `-i a b,c` -> [a, b, c] */
export function splitList(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values.flatMap((value) => value.split(",")).map((value) => value.trim()).filter((value) => value.length > 0);
}

export function selectionFrom(argv: { instanceIds?: string[] | undefined; repos?: string[] | undefined; subset?: string | undefined; limit?: number | undefined; shuffle: boolean; seed: number }) {
  return {
    instanceIds: splitList(argv.instanceIds),
    repos: splitList(argv.repos),
    subsetFile: argv.subset,
    limit: argv.limit,
    shuffle: argv.shuffle,
    seed: argv.seed,
  };
}

export function namingFrom(argv: { namespace?: string | undefined; imageTemplate?: string | undefined; imageTag: string; arch: string }) {
  const namespace = argv.namespace;
  return {
    // "none" (or "") means locally built images without a registry prefix, as upstream's --namespace none.
    namespace: namespace === undefined ? "swebench" : namespace === "none" ? "" : namespace,
    ...optional("template", argv.imageTemplate),
    arch: argv.arch,
    tag: argv.imageTag,
    ignoreRowImage: namespace !== undefined,
  };
}

/** A count flag (`--workers`, `--seeds`, ...): a whole number >= `min`, checked before anything starts. */
export function wholeNumber(flag: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw new SeraBenchError(`${flag}: expected a whole number >= ${min}, got ${value}`);
  return value;
}

/** "8g", "512m", "1073741824" -> bytes */
export function parseBytes(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(value.trim());
  if (match === null) throw new SeraBenchError(`${flag}: expected a size such as 512m, 8g or a number of bytes, got ${JSON.stringify(value)}`);
  const scale = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[(match[2] ?? "").toLowerCase() as "" | "k" | "m" | "g" | "t"];
  return Math.round(Number(match[1]) * scale);
}

/** The container limits of `eval`, `infer` and `run` (default: none, as the official harness). */
export function withContainerOptions<T>(yargs: Argv<T>) {
  return yargs
    .option("network", { type: "string", default: "bridge", describe: "container network (official: bridge); 'none' to cut it" })
    .option("memory", { type: "string", describe: "container memory limit, e.g. 8g (default: none, as official)" })
    .option("pids-limit", { type: "number", describe: "container pids limit (default: none)" });
}

export function containerLimitsFrom(argv: { network: string; memory?: string | undefined; pidsLimit?: number | undefined }): ContainerLimits {
  return { network: argv.network, ...optional("memoryBytes", parseBytes(argv.memory, "--memory")), ...optional("pidsLimit", argv.pidsLimit) };
}

/** `--repeat N` / `--eval-repeat N`: evaluations per prediction, a whole number >= 1. */
export function repeatOption(flag: string, value: number | undefined): number {
  const repeat = value ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1) throw new UsageError(`${flag}: expected a whole number >= 1 (evaluations per prediction), got ${String(value)}`);
  return repeat;
}

/** What yargs knows of the options of the command being run (its `getOptions()`, untyped in @types/yargs). */
export interface DeclaredOptions {
  readonly number: string[];
  readonly array: string[];
  readonly boolean: string[];
  readonly alias: Record<string, string[]>;
}

/**
 * Every option declared `type: "number"`, of every command, checked once (a global `check`, so a
 * refusal goes through the command's own failure handler: gate's exit 2): yargs turns "" into 0 (so
 * `--max-consecutive-failures ''` meant "never"), "abc" into NaN and a bare `--repeat` into its
 * default. This reads the text each numeric option was given (the same arguments parsed with those
 * options as strings) and refuses an empty one or one that is not a finite number.
 */
export function refuseBadNumbers(args: readonly string[], declared: DeclaredOptions): true {
  if (declared.number.length === 0) return true;
  const texts = Parser([...args], {
    string: declared.number, array: declared.array, boolean: declared.boolean, alias: declared.alias,
    configuration: { "camel-case-expansion": false },
  }) as Record<string, unknown>;
  for (const name of declared.number) {
    const given = texts[name];
    for (const text of Array.isArray(given) ? (given as unknown[]) : [given]) checkNumberText(name, text);
  }
  return true;
}

function checkNumberText(name: string, text: unknown): void {
  if (text === undefined) return;
  const flag = `${name.length === 1 ? "-" : "--"}${name}`;
  if (typeof text !== "string" || text.trim() === "") throw new UsageError(`${flag}: expected a number, got ${typeof text === "string" ? "an empty value" : String(text)}`);
  if (!Number.isFinite(Number(text))) throw new UsageError(`${flag}: expected a number, got ${JSON.stringify(text)}`);
}
