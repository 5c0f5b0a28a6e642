/** `sera-bench gate`: pass (0), regression (1), or an incomplete / invalid run (2), with one paragraph why. */
import { loadBaselines, runContext, selectBaselines, type Baseline } from "../baselines/load.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { againstBaselines } from "../compare/compare.ts";
import { compareSides, type Comparison } from "../compare/choose-test.ts";
import { runSide } from "../compare/sides.ts";
import { protocolCheck } from "../compare/protocols.ts";
import { optional } from "../../util/optional.ts";
import { loadRuns } from "../run/load.ts";
import { RunFolderError } from "../run/errors.ts";
import { flakyAsResolved, readExcludeList, withoutInstances } from "../run/exclude.ts";
import { excludedRate } from "../summary/stability.ts";
import { rateOf } from "../summary/rate.ts";
import { formatRate } from "../output/format.ts";
import type { LoadedRun } from "../run/types.ts";
import { assertSameDataset } from "../summary/same-dataset.ts";
import { completenessCheck, errorRateCheck, referenceCheck, resolveRateCheck } from "./checks.ts";
import { INVALIDATING } from "./junit.ts";
import { GATE_EXIT, type GateCheck, type GateOptions, type GateVerdict } from "./types.ts";
import { snrCheck } from "../seeds/gate-check.ts";
import { seedGroupChecks } from "../seeds/gate-group.ts";
import { exactMatchCheck } from "../contamination/gate-check.ts";

export function validateGateOptions(options: GateOptions): GateCheck[] {
  const problems: string[] = [];
  const fraction = (flag: string, v: number | undefined) => {
    if (v !== undefined && !(v >= 0 && v <= 1)) problems.push(`${flag}: expected a fraction between 0 and 1 (e.g. 0.45), got ${v}`);
  };
  if (options.minResolveRate === undefined) problems.push("--min-resolve-rate: required (a fraction, e.g. 0.45)");
  fraction("--min-resolve-rate", options.minResolveRate);
  fraction("--max-drop", options.maxDrop);
  fraction("--max-error-rate", options.maxErrorRate);
  if (!(options.alpha > 0 && options.alpha < 1)) problems.push(`--alpha: expected a number between 0 and 1, got ${options.alpha}`);
  if (options.minSnr !== undefined && !(options.minSnr > 0 && Number.isFinite(options.minSnr))) problems.push(`--min-snr: expected a positive number (e.g. 2), got ${options.minSnr}`);
  if (options.minSnr !== undefined && options.reference === undefined) problems.push("--min-snr: name the --reference the run claims to improve on (a run folder, a seed base or a baseline)");
  fraction("--max-exact-match", options.maxExactMatch);
  return problems.map((message) => ({ name: "options", passed: false, message }));
}

export async function runGate(options: GateOptions): Promise<GateVerdict> {
  const invalidOptions = validateGateOptions(options);
  if (invalidOptions.length > 0) return verdictOf(options.run, invalidOptions, undefined);
  let runs: LoadedRun[];
  try {
    runs = await loadRuns([options.run]);
  } catch (error) {
    if (!(error instanceof RunFolderError)) throw error;
    return verdictOf(options.run, [{ name: "run-folder", passed: false, message: error.message }], undefined);
  }
  if (runs.length > 1 && options.minSnr !== undefined) return seedGroupVerdict(runs, options);
  if (runs.length !== 1 || runs[0] === undefined) {
    return verdictOf(options.run, [{ name: "run-folder", passed: false, message: `${options.run} stands for ${runs.length} seed runs; gate one run at a time, or pass --min-snr with --reference to judge the seeds together` }], undefined);
  }
  const { run, notes, excluded } = await judgedView(runs[0], options);
  const checks = [...notes, completenessCheck(run, options.allowIncomplete), resolveRateCheck(run, options.minResolveRate ?? 0)];
  if (options.maxErrorRate !== undefined) checks.push(errorRateCheck(run, options.maxErrorRate));
  if (options.maxExactMatch !== undefined) checks.push(await exactMatchCheck(run, options.maxExactMatch));
  let comparison: Comparison | undefined;
  if (options.reference !== undefined) {
    const reference = await referenceComparison([run], run.id, options.reference, options, excluded);
    if ("check" in reference) checks.push(reference.check);
    else {
      comparison = reference.comparison;
      checks.push(referenceCheck(reference.comparison, options.maxDrop));
      if (options.minSnr !== undefined) checks.push(snrCheck(reference.comparison, options.minSnr));
    }
  }
  return verdictOf(run.id, checks, comparison);
}

/** `gate SEED_BASE --min-snr X --reference REF`: the seeds judged together (report/seeds/gate-group.ts). */
async function seedGroupVerdict(runs: readonly LoadedRun[], options: GateOptions): Promise<GateVerdict> {
  const label = `${options.run} (${runs.length} seeds)`;
  const reference = await referenceComparison(runs, options.run, options.reference ?? "", options, new Set());
  const checks = seedGroupChecks(runs, options, "check" in reference ? reference.check : reference.comparison);
  return verdictOf(label, checks, "comparison" in reference ? reference.comparison : undefined);
}

/**
 * The run the checks judge: without the --exclude list's instances, then with its flaky instances
 * counted as resolved (--ignore-flaky); each step is a passed check saying what it changed.
 */
async function judgedView(loaded: LoadedRun, options: GateOptions): Promise<{ run: LoadedRun; notes: GateCheck[]; excluded: ReadonlySet<string> }> {
  let run = loaded;
  const notes: GateCheck[] = [];
  let excluded: ReadonlySet<string> = new Set();
  if (options.exclude !== undefined) {
    const x = excludedRate(run, await readExcludeList(options.exclude));
    excluded = new Set(x.ids);
    run = withoutInstances(run, excluded);
    const full = rateOf(loaded.report.resolved_instances, loaded.report.total_instances);
    notes.push({ name: "exclude", passed: true, message: `judged without the ${x.ids.length} instance(s) of ${x.file}${x.ids.length === 0 ? "" : ` (${x.ids.join(", ")})`}: resolved ${formatRate(x.overall)}; with them ${formatRate(full)}` });
  }
  if (options.ignoreFlaky === true) {
    const lifted = flakyAsResolved(run);
    const message = lifted.flaky.length === 0
      ? (run.instances.some((i) => i.stability !== undefined) ? "no instance is flaky" : "the run has no repeats (eval --repeat N), so no instance is known to be flaky")
      : `${lifted.flaky.length} flaky instance(s) cannot fail the gate (each counts as resolved; the official evaluation did not resolve ${lifted.lifted.length} of them): ${lifted.flaky.join(", ")}`;
    notes.push({ name: "ignore-flaky", passed: true, message });
    run = lifted.run;
  }
  return { run, notes, excluded };
}

/** The reference is a run folder when one exists by that name, else a baseline (without the `excluded` instances too); `ours` is one run or a seed group. */
async function referenceComparison(ours: readonly LoadedRun[], label: string, ref: string, options: GateOptions, excluded: ReadonlySet<string>): Promise<{ comparison: Comparison } | { check: GateCheck }> {
  const run = ours[0];
  if (run === undefined) return { check: { name: "run-folder", passed: false, message: "no run" } };
  let refRuns: LoadedRun[] | undefined;
  try {
    refRuns = await loadRuns([ref]);
  } catch (error) {
    if (!(error instanceof RunFolderError) || !/^no run folder at/.test(error.message)) return { check: { name: "reference-run", passed: false, message: `reference ${ref}: ${(error as Error).message}` } };
  }
  if (refRuns !== undefined) {
    try {
      assertSameDataset([...ours, ...refRuns]);
    } catch (error) {
      return { check: { name: "reference-run", passed: false, message: (error as Error).message } };
    }
    const incomplete = refRuns.filter((r) => r.incomplete.length > 0);
    if (incomplete.length > 0 && !options.allowIncomplete) return { check: { name: "reference-run", passed: false, message: `reference ${ref} is incomplete: ${incomplete.flatMap((r) => r.incomplete).join("; ")}` } };
    const oursSide = runSide(label, ours, runContext(run));
    const theirs = runSide(ref, refRuns, runContext(refRuns[0]));
    const protocols = protocolCheck(oursSide, theirs, options.allowDifferentProtocol ?? false);
    if (protocols?.refusal !== undefined) return { check: { name: "reference-run", passed: false, message: `reference ${ref}: ${protocols.refusal}` } };
    return { comparison: { ...compareSides(oursSide, theirs, options.alpha), ...optional("protocols", protocols?.note) } };
  }
  const context = runContext(run);
  let baselines: Baseline[];
  try {
    baselines = selectBaselines(await loadBaselines(), [ref], context, "--reference");
  } catch (error) {
    if (!(error instanceof SeraBenchError)) throw error;
    return { check: { name: "reference-run", passed: false, message: `${error.message}; nor is there a run folder at ${ref}` } };
  }
  if (baselines.length > 1) return { check: { name: "reference-run", passed: false, message: `reference ${ref} matches ${baselines.map((b) => b.key).join(", ")}: name one (the run records no context length)` } };
  let comparisons: Comparison[];
  try {
    comparisons = await againstBaselines(label, ours, baselines.slice(0, 1), { context, alpha: options.alpha, allowDifferentSet: options.allowDifferentSet ?? false, allowDifferentProtocol: options.allowDifferentProtocol ?? false, exclude: excluded });
  } catch (error) {
    if (!(error instanceof RunFolderError)) throw error;
    return { check: { name: "reference-run", passed: false, message: `reference ${ref}: ${error.message}` } };
  }
  // Seeds against a baseline without seed statistics come back one seed at a time: judge the group as one side.
  const first = comparisons.length > 1 && comparisons[0] !== undefined ? compareSides(runSide(label, ours, context), comparisons[0].other, options.alpha) : comparisons[0];
  return first === undefined ? { check: { name: "reference-run", passed: false, message: `reference ${ref}: no comparison possible` } } : { comparison: first };
}

function verdictOf(run: string, checks: readonly GateCheck[], comparison: Comparison | undefined): GateVerdict {
  const failed = checks.filter((c) => !c.passed);
  const status = failed.some((c) => INVALIDATING.has(c.name)) ? "invalid" : failed.length > 0 ? "regression" : "pass";
  const invalid = failed.some((c) => c.name === "options")
    ? `INVALID: the gate's options are wrong, so run ${run} was not looked at; fix them and run the gate again.`
    : `INVALID: run ${run} cannot be judged (incomplete or unreadable); the gate does not pass it.`;
  const head = { pass: `PASS: run ${run} meets every gate check.`, regression: `REGRESSION: run ${run} failed ${failed.length} of ${checks.length} gate check(s).`, invalid }[status];
  const body = checks.map((c) => `${c.passed ? "ok" : "FAILED"} ${c.name}: ${c.message}.`).join(" ");
  return { status, exitCode: GATE_EXIT[status], run, checks, comparison, verdict: `${head} ${body}` };
}
