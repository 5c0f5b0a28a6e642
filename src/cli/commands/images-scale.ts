import type { Argv } from "yargs";
import { enginePoolFor } from "../../sandbox/engines.ts";
import type { DockerEngine } from "../../sandbox/docker/engine.ts";
import { formatBytes, footprint, listImages } from "../../images/inventory.ts";
import { applyPrune, planPrune } from "../../images/prune.ts";
import { pullMany } from "../../images/pull-many.ts";
import { parseRate, WindowRateLimiter } from "../../images/rate-limit.ts";
import { requiredImages } from "../../images/required.ts";
import { hostsFrom } from "../executor-options.ts";
import { namingFrom, parseBytes, selectionFrom, withDatasetOptions, withImageOptions, wholeNumber } from "../options.ts";
import { createProgress } from "../progress.ts";
import type { Progress } from "../progress.ts";
import { abortOnInterrupt } from "../interrupt.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { optional } from "../../util/optional.ts";

/** `images pull | ls | prune`: subcommands for the `images` command's builder. */
export function withImageScaleCommands<T>(yargs: Argv<T>) {
  return yargs
    .command("pull", "Pre-pull the instance images a dataset selection needs (concurrency, rate limit, backoff on 429; resumable)",
      (y) => withImageOptions(withDatasetOptions(y))
        .option("concurrency", { type: "number", default: 4, describe: "pulls at once" })
        .option("rate", { type: "string", describe: "at most N pulls per window, e.g. 100/6h (Docker Hub, anonymous) or 200/6h" })
        .option("attempts", { type: "number", default: 6, describe: "attempts per image (429/5xx back off exponentially)" })
        .option("backoff-seconds", { type: "number", default: 2, describe: "first backoff wait (doubles, at most 5 min)" })
        .option("docker-host", { type: "string", array: true, describe: "engine address(es); each gets every image" }),
      async (argv) => pullCommand(argv))
    .command("ls", "Instance images on the engine: size, last use by sera-bench, in use; with --dataset, which selected instances have theirs",
      (y) => withImageOptions(y)
        .option("dataset", { alias: "d", type: "string", describe: "list the selection's instances (present or missing)" })
        .option("split", { type: "string", default: "test" })
        .option("docker-host", { type: "string", array: true, describe: "engine address(es)" }),
      async (argv) => lsCommand(argv))
    .command("prune", "Remove instance images, least recently used first, until they fit the budget (never one a container uses)",
      (y) => y
        .option("budget", { type: "string", demandOption: true, describe: "size to keep instance images under, e.g. 150GB" })
        .option("dry-run", { type: "boolean", default: false, describe: "only say what would go" })
        .option("docker-host", { type: "string", array: true, describe: "engine address(es)" }),
      async (argv) => pruneCommand(argv));
}

async function pullCommand(argv: Parameters<typeof selectionFrom>[0] & Parameters<typeof namingFrom>[0] & {
  dataset: string; split: string; concurrency: number; rate?: string | undefined; attempts: number; backoffSeconds: number; dockerHost?: string[] | undefined;
}): Promise<void> {
  wholeNumber("--concurrency", argv.concurrency);
  const progress = createProgress(process.stderr, "pull");
  const wanted = await requiredImages({ dataset: argv.dataset, split: argv.split, selection: selectionFrom(argv), naming: namingFrom(argv) }, (l) => progress.note(l));
  const rate = argv.rate === undefined ? undefined : parseRate(argv.rate);
  const limiter = rate === undefined ? undefined : new WindowRateLimiter(rate.limit, rate.windowMs);
  const images = [...new Set(wanted.map((w) => w.image))];
  let failed = 0;
  const interrupt = abortOnInterrupt(progress);
  try {
    for (const engine of enginePoolFor(hostsFrom(argv.dockerHost, 1), 1).engines) {
      if (interrupt.signal.aborted) break;
      failed += await pullOnEngine(engine, images, argv, limiter, progress, interrupt.signal);
    }
  } finally {
    interrupt.dispose();
    progress.stop();
  }
  if (interrupt.signal.aborted) {
    process.exitCode = 130;
    return;
  }
  if (failed > 0) throw new SeraBenchError(`${failed} image pull(s) failed (see above); re-run the same command to retry them (pulled images are kept)`);
}

/** One engine's pulls; returns how many failed. */
async function pullOnEngine(
  engine: DockerEngine, images: readonly string[], argv: { concurrency: number; attempts: number; backoffSeconds: number },
  limiter: WindowRateLimiter | undefined, progress: Progress, signal: AbortSignal,
): Promise<number> {
  const counts = { done: 0, resolved: 0, errors: 0 };
  progress.start(images.length, counts);
  const events = await pullMany({
    docker: engine.docker, images, concurrency: argv.concurrency, attempts: argv.attempts, baseDelayMs: argv.backoffSeconds * 1000, maxDelayMs: 300_000,
    ...optional("limiter", limiter), signal,
    onRetry: (image, reason, delay) => progress.note(`${image}: ${reason}; retrying in ${(delay / 1000).toFixed(1)} s`),
    onEvent: (event) => {
      counts.done++;
      if (event.status === "failed") counts.errors++;
      progress.itemDone(`${event.image} ${event.status}${event.reason === undefined ? "" : `: ${event.reason}`} (${(event.ms / 1000).toFixed(1)} s)`, counts);
    },
  });
  progress.note(`${engine.describe}: ${events.filter((e) => e.status === "pulled").length} pulled, ${events.filter((e) => e.status === "present").length} already present, ${counts.errors} failed`);
  return events.filter((e) => e.status === "failed").length;
}

async function lsCommand(argv: Parameters<typeof namingFrom>[0] & { dataset?: string | undefined; split: string; dockerHost?: string[] | undefined }): Promise<void> {
  const wanted = argv.dataset === undefined ? undefined
    : await requiredImages({ dataset: argv.dataset, split: argv.split, selection: { shuffle: false, seed: 42 }, naming: namingFrom(argv) }, () => undefined);
  for (const engine of enginePoolFor(hostsFrom(argv.dockerHost, 1), 1).engines) {
    const entries = await listImages(engine.docker, engine.describe);
    const byRef = new Map(entries.flatMap((entry) => entry.refs.map((ref) => [ref, entry] as const)));
    process.stdout.write(`${engine.describe}: ${entries.length} instance image(s), about ${formatBytes(footprint(entries))} on disk\n`);
    const rows = wanted === undefined ? [...byRef].map(([ref]) => ({ instanceId: "", image: ref })) : wanted;
    for (const row of rows) {
      const entry = byRef.get(row.image) ?? byRef.get(`${row.image}:latest`);
      const fields = entry === undefined ? ["missing"]
        : [formatBytes(entry.size), `own ${formatBytes(entry.uniqueSize)}`, `last used ${entry.lastUsed?.toISOString() ?? "never (by sera-bench)"}`, ...(entry.containers > 0 ? ["in use"] : [])];
      process.stdout.write(`${[row.instanceId, row.image, ...fields].filter((f) => f !== "").join("\t")}\n`);
    }
  }
}

async function pruneCommand(argv: { budget: string; dryRun: boolean; dockerHost?: string[] | undefined }): Promise<void> {
  const budget = parseBytes(argv.budget, "--budget") ?? 0;
  for (const engine of enginePoolFor(hostsFrom(argv.dockerHost, 1), 1).engines) {
    const plan = planPrune(await listImages(engine.docker, engine.describe), budget);
    for (const entry of plan.remove) process.stdout.write(`${argv.dryRun ? "would remove" : "removing"} ${entry.refs.join(", ")}\n`);
    if (!argv.dryRun) await applyPrune(engine.docker, plan, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(`${engine.describe}: ${formatBytes(plan.before)} -> ${formatBytes(plan.after)} (budget ${formatBytes(budget)})\n`);
    if (plan.overBudget) process.stdout.write("still over budget: the remaining images are in use by containers\n");
  }
}
