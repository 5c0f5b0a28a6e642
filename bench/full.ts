/**
 * npm run bench:full — a full-size agent run, simulated end to end (figures only; nothing asserts):
 * a generated dataset of N sample-format instances (bench/full-setup.ts), the scripted model server
 * in its own process answering after a fixed delay, `sera-bench run` with S seeds and C rollouts at
 * once (streaming evaluation) in a child process that measures itself (bench/full-run.ts), then
 * `report` over the seeds. Prints wall time against the ideal (delay x steps x rollouts / C), harness
 * CPU per step and per rollout, memory as the run grows, event-loop delay, Docker operations per
 * second and their latency, ETA error, report times and sizes, the run folder's size, and what is
 * left (every instance resolved? every seed reported? containers of the run left?).
 *
 *   npm run bench:full -- [--quick] [--instances 500] [--seeds 3] [--concurrency 32] [--eval-workers 2]
 *                         [--delay-ms 3000] [--steps 30] [--output-dir DIR] [--keep] [--json FILE]
 * --quick: 24 instances x 3 seeds, 8 at once, 0.2 s per model call, ~10 steps (a few minutes).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildSampleImages } from "../src/images/sample-images.ts";
import { DockerEngine } from "../src/sandbox/docker/engine.ts";
import { LABEL_APP, LABEL_RUN_ID } from "../src/sandbox/labels.ts";
import { BENCH_MODEL, writeDataset, writeScript } from "./full-setup.ts";
import type { RunFigures } from "./full-run.ts";
import { followEta, formatEta } from "./full-eta.ts";
import { percentile, runChild, startServer } from "./full-process.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    instances: { type: "string" }, seeds: { type: "string" }, concurrency: { type: "string" }, "eval-workers": { type: "string" },
    "delay-ms": { type: "string" }, steps: { type: "string" }, "output-dir": { type: "string" }, keep: { type: "boolean", default: false },
    json: { type: "string" },
  },
});
const quick = values.quick;
const settings = {
  instances: whole(values.instances ?? (quick ? "24" : "500"), "--instances"),
  seeds: whole(values.seeds ?? "3", "--seeds"),
  concurrency: whole(values.concurrency ?? (quick ? "8" : "32"), "--concurrency"),
  evalWorkers: whole(values["eval-workers"] ?? "2", "--eval-workers"),
  delayMs: whole(values["delay-ms"] ?? (quick ? "200" : "3000"), "--delay-ms"),
  steps: whole(values.steps ?? (quick ? "10" : "30"), "--steps"),
};

function whole(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a whole number >= 1, got ${JSON.stringify(text)}`);
  return n;
}

/** Unique per invocation: another bench (or run) on the same engine has other containers. */
const RUN_ID = `full-${Date.now().toString(36)}`;
const load0 = loadavg();
execFileSync("bash", ["scripts/ensure-docker.sh"], { stdio: "inherit" });
await buildSampleImages({ instancesDir: "instances/sample", onLog: (line) => process.stderr.write(`${line}\n`) });
const work = await mkdtemp(join(tmpdir(), "sera-bench-full-"));
const outputDir = values["output-dir"] ?? join(work, "results");
const datasetFile = join(work, "dataset.jsonl");
await writeDataset(datasetFile, settings.instances);
const script = await writeScript(work, settings.steps);
const total = settings.instances * settings.seeds;
const checkpoints = [...new Set([Math.ceil(total / 15), Math.ceil(total / 3), total])];
const figuresFile = join(work, "figures.json");
const idealS = (total * script.stepsPerRollout * settings.delayMs) / 1000 / settings.concurrency;

process.stderr.write(`bench:full: ${settings.instances} instances x ${settings.seeds} seeds, ${settings.concurrency} rollouts at once, ` +
  `${settings.evalWorkers} evaluations at once, ${settings.delayMs} ms per model call, ${script.stepsPerRollout} steps per rollout; work folder ${work}\n`);
const server = await startServer(script.file, settings.delayMs);
const eta = followEta();
const runArgs = [
  "run", "-d", datasetFile, "--model", BENCH_MODEL, "--base-url", server.baseUrl, "--agent-config", "sera-own-words", "--tokenizer", "local",
  "--seeds", String(settings.seeds), "--run-id", RUN_ID, "-o", outputDir, "-w", String(settings.concurrency), "--eval-workers", String(settings.evalWorkers),
  "--max-steps", String(script.stepsPerRollout + 10),
];
const runLog = join(work, "run.log");
let run: RunFigures;
let requests: number;
try {
  await runChild(["bench/full-run.ts", checkpoints.join(","), ...runArgs], { ...process.env, BENCH_FULL_FIGURES: figuresFile, CI: "1" }, runLog, eta.onLine);
  run = JSON.parse(await readFile(figuresFile, "utf8")) as RunFigures;
} finally {
  requests = await server.stop();
}
const load1 = loadavg();

const seedIds = Array.from({ length: settings.seeds }, (_, k) => (settings.seeds === 1 ? RUN_ID : `${RUN_ID}-s${k + 1}`));
const reports = await timeReports(seedIds);
const outcome = await checkOutcome(seedIds);
const folderMb = await sizeMb(outputDir, seedIds);
const chromium = reports.html === undefined ? undefined : openInChromium(reports.html);

const steps = requests - settings.seeds; // one GET /v1/models per seed
const cpuS = run.cpuUserS + run.cpuSystemS;
const lines = [
  `\nbench:full ${quick ? "--quick " : ""}(${settings.instances} instances x ${settings.seeds} seeds = ${total} rollouts, ${settings.concurrency} at once, ` +
    `${settings.evalWorkers} evaluations at once, scripted model ${settings.delayMs} ms per call, ${script.stepsPerRollout} steps per rollout)`,
  `machine: ${availableParallelism()} cores, load average ${fmtLoad(load0)} at the start, ${fmtLoad(load1)} at the end of the run`,
  `run: exit ${run.exitCode}; ${outcome.summary}`,
  `wall ${run.wallS.toFixed(0)} s vs ideal ${idealS.toFixed(0)} s (delay x steps x rollouts / concurrency) = ${(run.wallS / idealS).toFixed(2)}x`,
  `harness CPU ${cpuS.toFixed(1)} s (user ${run.cpuUserS.toFixed(1)}, system ${run.cpuSystemS.toFixed(1)}) = ${((cpuS * 1000) / steps).toFixed(1)} ms per model call ` +
    `(${steps} calls), ${((cpuS * 1000) / total).toFixed(0)} ms per rollout (its evaluation included)`,
  `memory: peak RSS ${run.peakRssMb.toFixed(0)} MB, peak heap ${run.peakHeapMb.toFixed(0)} MB; at the Nth agent container started:`,
  ...growth(run),
  `event-loop delay: p50 ${run.loopDelay.p50Ms.toFixed(1)} ms, p99 ${run.loopDelay.p99Ms.toFixed(1)} ms, max ${run.loopDelay.maxMs.toFixed(0)} ms`,
  `containers: ${run.agentContainers} agent, ${run.evalContainers} eval; Docker Engine API calls (per second over the run; latency ms p50 / p95 / p99 / max):`,
  ...dockerLines(run),
  `ETA (progress display, per seed; error of the predicted total time, predictions after the first tenth): ${formatEta(eta.errors())}`,
  ...reports.lines,
  ...(chromium === undefined ? [] : [chromium]),
  `run folders: ${folderMb.map((mb, k) => `${seedIds[k]} ${mb.toFixed(1)} MB`).join(", ")}`,
];
console.log(lines.join("\n"));
if (values.json !== undefined) {
  await writeFile(values.json, JSON.stringify({ settings, outcome, run: { ...run, docker: undefined }, steps, idealS, reports: reports.figures, load: { start: load0, end: load1 } }, null, 2));
}
if (!values.keep && values["output-dir"] === undefined) await rm(work, { recursive: true, force: true });
else console.log(`kept: ${work} (run log: ${runLog})`);

function fmtLoad(load: number[]): string {
  return load.map((n) => n.toFixed(1)).join(" / ");
}

function growth(figures: RunFigures): string[] {
  let previous = { rollouts: 0, cpuS: 0 };
  return figures.checkpoints.map((c) => {
    const perRollout = c.rollouts > previous.rollouts ? ((c.cpuS - previous.cpuS) * 1000) / (c.rollouts - previous.rollouts) : 0;
    const line = `  ${String(c.rollouts).padStart(5)} at ${c.atS.toFixed(0).padStart(5)} s: RSS ${c.rssMb.toFixed(0)} MB, heap ${c.heapUsedMb.toFixed(0)} MB, ` +
      `CPU ${perRollout.toFixed(0)} ms per rollout since ${previous.rollouts}`;
    previous = c;
    return line;
  });
}

function dockerLines(figures: RunFigures): string[] {
  return Object.entries(figures.docker).sort((a, b) => b[1].ms.length - a[1].ms.length).map(([op, { ms, failed }]) => {
    const sorted = [...ms].sort((a, b) => a - b);
    const p = (q: number) => percentile(sorted, q).toFixed(0);
    return `  ${op.padEnd(14)} ${String(ms.length).padStart(6)} calls, ${(ms.length / figures.wallS).toFixed(2).padStart(6)}/s, ` +
      `${p(50)} / ${p(95)} / ${p(99)} / ${(sorted.at(-1) ?? 0).toFixed(0)} ms${failed > 0 ? `, ${failed} failed` : ""}`;
  });
}

/** `report` over the seeds, then over one seed, each as its own CLI process (wall time, files and their sizes). */
async function timeReports(ids: string[]): Promise<{ lines: string[]; html: string | undefined; figures: unknown[] }> {
  const lines: string[] = [];
  const figures: unknown[] = [];
  let html: string | undefined;
  const targets = ids.length > 1 ? [{ what: `report over the ${ids.length} seeds`, path: join(outputDir, RUN_ID) }, { what: "report of one seed", path: join(outputDir, ids[0]!) }] : [{ what: "report", path: join(outputDir, ids[0]!) }];
  for (const target of targets) {
    const out = join(work, `report-${figures.length}`);
    const started = performance.now();
    await runChild(["src/cli/main.ts", "report", target.path, "--out", out], process.env, join(work, `report-${figures.length}.log`));
    const seconds = (performance.now() - started) / 1000;
    const files = await Promise.all((await readdir(out)).map(async (name) => ({ name, mb: await entryMb(join(out, name)) })));
    html ??= files.some((f) => f.name === "report.html") ? join(out, "report.html") : undefined;
    lines.push(`${target.what}: ${seconds.toFixed(1)} s; ${files.map((f) => `${f.name} ${f.mb.toFixed(2)} MB`).join(", ")}`);
    figures.push({ what: target.what, seconds, files });
  }
  return { lines, html, figures };
}

/** Every seed's official report: resolved of total; and the containers left with the run's labels. */
async function checkOutcome(ids: string[]) {
  const engine = new DockerEngine();
  const seeds = await Promise.all(ids.map(async (id) => {
    const dir = join(outputDir, id);
    const report = (await readdir(dir)).find((name) => name.endsWith(`.${id}.json`));
    const parsed = report === undefined ? undefined : (JSON.parse(await readFile(join(dir, report), "utf8")) as { total_instances: number; resolved_instances: number; error_instances: number });
    const left = await engine.listByLabels({ [LABEL_APP]: "1", [LABEL_RUN_ID]: id });
    return { id, reported: parsed !== undefined, total: parsed?.total_instances ?? 0, resolved: parsed?.resolved_instances ?? 0, errors: parsed?.error_instances ?? 0, containersLeft: left.length };
  }));
  const summary = seeds.map((s) => `${s.id}: ${s.reported ? `resolved ${s.resolved}/${s.total}, errors ${s.errors}` : "NO REPORT"}, containers left ${s.containersLeft}`).join("; ");
  return { seeds, summary, instances: settings.instances };
}

/** A file's size, or a folder's (du), in MB. */
async function entryMb(path: string): Promise<number> {
  const info = await stat(path);
  return info.isDirectory() ? Number(execFileSync("du", ["-sk", path], { encoding: "utf8" }).split("\t")[0]) / 1024 : info.size / 2 ** 20;
}

async function sizeMb(dir: string, ids: string[]): Promise<number[]> {
  return ids.map((id) => Number(execFileSync("du", ["-sk", join(dir, id)], { encoding: "utf8" }).split("\t")[0]) / 1024);
}

/** Headless Chromium (when installed) loads the HTML report: seconds, and any console error it logs. */
function openInChromium(file: string): string {
  const chromium = "/usr/bin/chromium";
  if (!existsSync(chromium)) return "HTML report in Chromium: not measured (no /usr/bin/chromium)";
  const started = performance.now();
  const result = spawnSyncText(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", "--dump-dom", `file://${file}`]);
  const seconds = (performance.now() - started) / 1000;
  const errors = result.stderr.split("\n").filter((line) => /CONSOLE.*(Uncaught|Error)|Uncaught/i.test(line));
  return `HTML report in headless Chromium: DOM ready in ${seconds.toFixed(1)} s, ${(result.stdout.length / 2 ** 20).toFixed(2)} MB of DOM, ${errors.length} script error(s)${errors.length > 0 ? `: ${errors[0]}` : ""}`;
}

function spawnSyncText(command: string, args: string[]): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 512 * 2 ** 20, timeout: 120_000 });
  return { stdout: result.stdout ?? "", stderr: `${result.stderr ?? ""}${result.error === undefined ? "" : String(result.error)}` };
}
