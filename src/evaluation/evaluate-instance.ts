import { mkdir, rm, writeFile } from "node:fs/promises";
import { SandboxError } from "../sandbox/types.ts";
import type { ContainerLimits, ExecResult, Sandbox, SandboxEngine } from "../sandbox/types.ts";
import { readDiffs, runEvalScript } from "./eval-exec.ts";
import type { GitDiffs } from "./eval-exec.ts";
import { instanceContainerSpec } from "../sandbox/labels.ts";
import { applyFailureReason, applyPatch, PATCH_PATH_IN_CONTAINER } from "./apply-patch.ts";
import { writeFileAtomic, writeJsonAtomic } from "../util/fs-atomic.ts";
import { guardWrite } from "../util/write-errors.ts";
import { InstanceLog } from "./instance-log.ts";
import type { GradeFn } from "../grading/for-run.ts";
import { formatReportJson } from "../grading/report-json.ts";
import type { InstanceReport } from "../grading/types.ts";
import type { InstanceJob } from "./instance-job.ts";
import type { InstanceResult, Phase } from "./outcome.ts";
import { optional } from "../util/optional.ts";
import { PhaseClock } from "./phase-clock.ts";
import { SeraBenchError } from "../util/errors.ts";
import { removeSandbox } from "../sandbox/removals.ts";
import type { BackgroundRemovals } from "../sandbox/removals.ts";

/** The files one evaluation writes (logs/<id>/ of a run folder). */
export type InstanceFile = "patch.diff" | "eval.sh" | "test_output.txt" | "run_instance.log" | "report.json" | "result.json";
export interface InstanceFiles {
  instanceDir(instanceId: string): string;
  instanceFile(instanceId: string, file: InstanceFile): string;
}

export interface EvalContext {
  readonly engine: SandboxEngine;
  readonly layout: InstanceFiles;
  readonly runId: string;
  readonly timeoutSeconds: number;
  readonly limits: ContainerLimits;
  readonly labels: Readonly<Record<string, string>>;
  readonly grade: GradeFn;
  /**
   * The run is stopping (Ctrl-C, a cancelled Slurm task): an error now is the stop's doing, not the
   * instance's, so it is not written (the instance stays unfinished and runs again).
   */
  readonly signal?: AbortSignal;
  /** The run's background removals: the container is removed off the critical path (default: removed before this returns). */
  readonly removals?: BackgroundRemovals;
  /**
   * The container made ready while this evaluation waited for its slot (`prepareContainer`); its
   * wait is the "create" phase. Undefined when that failed: the evaluation makes its own (and
   * reports why it could not).
   */
  readonly early?: Promise<EarlyContainer | undefined>;
}

/** A container of the instance image with the patch and eval script copied in, ready for `apply`. */
export interface EarlyContainer {
  readonly sandbox: Sandbox;
}

/** Image, container and inputs ahead of the evaluation's slot; throws as the same steps would inside it. */
export async function prepareContainer(job: InstanceJob, ctx: Pick<EvalContext, "engine" | "runId" | "labels" | "limits" | "removals">): Promise<EarlyContainer> {
  const image = await ctx.engine.ensureImage(job.image);
  if (!image.ok) throw new InstanceError(image.reason);
  const sandbox = await ctx.engine.create(containerSpec(job, ctx));
  try {
    await copyInputs(sandbox, job);
  } catch (error) {
    await removeSandbox(sandbox, ctx.removals).catch(() => undefined);
    throw error;
  }
  return { sandbox };
}

const APPLY_TIMEOUT_MS = 600_000;

/** An infrastructure or instance problem that ends this instance as an error, with its reason (and the engine step it came from). */
class InstanceError extends SeraBenchError {
  constructor(message: string, readonly phase?: Phase) {
    super(message);
  }
}

/**
 * Evaluate one prediction the way the official harness does: fresh container, apply the patch with
 * the fallback chain, run /eval.sh under a timeout, grade the log. Every outcome is a result; the
 * container is always removed (in the background when the run has background removals).
 * report.json is written last: it marks the instance as done.
 */
export async function evaluateInstance(job: InstanceJob, ctx: EvalContext): Promise<InstanceResult> {
  const id = job.instance.instance_id;
  const file = (name: InstanceFile) => ctx.layout.instanceFile(id, name);
  const startedAt = new Date().toISOString();
  const clock = new PhaseClock();
  const log = new InstanceLog(file("run_instance.log"));
  await clock.time("prepare", async () => {
    await resetInstanceDir(ctx.layout.instanceDir(id));
    await guardWrite(file("patch.diff"), () => writeFile(file("patch.diff"), job.modelPatch));
    await guardWrite(file("eval.sh"), () => writeFile(file("eval.sh"), job.evalScript));
  }).catch(async (error: unknown) => {
    const early = await ctx.early;
    if (early !== undefined) await removeSandbox(early.sandbox, ctx.removals).catch(() => undefined);
    throw error;
  });
  const holder: { sandbox?: Sandbox } = {};
  let outcome: Outcome;
  try {
    outcome = await runSteps(job, ctx, clock, log, holder, file);
  } catch (error) {
    if (!(error instanceof InstanceError || error instanceof SandboxError)) throw error;
    log.error(`Error in evaluating ${id}: ${error.message}`);
    const phase = error instanceof InstanceError ? error.phase : undefined;
    outcome = { fields: { status: "error", error: error.message, ...optional("error_phase", phase), verdicts_disagree: false, test_output_truncated: false } };
  } finally {
    await removeContainer(holder.sandbox, clock, log, ctx.removals);
  }
  const result: InstanceResult = {
    instance_id: id, image: job.image, ...outcome.fields,
    timings_ms: clock.result, started_at: startedAt, finished_at: new Date().toISOString(),
  };
  if (result.status === "error" && ctx.signal?.aborted === true) {
    await rm(ctx.layout.instanceDir(id), { recursive: true, force: true });
    return result;
  }
  return persist(result, outcome.report, file);
}

/**
 * The container goes whatever happened; a removal that fails (the engine went away under the
 * script) is logged and never hides the outcome: the evaluation's own error says what happened, and
 * the next run of this run id sweeps the container if it is still there.
 */
/** Removes the container now, or hands it to the run's background removals; a failure is logged, never the outcome. */
async function removeContainer(sandbox: Sandbox | undefined, clock: PhaseClock, log: InstanceLog, removals: BackgroundRemovals | undefined): Promise<void> {
  if (sandbox === undefined) return;
  await clock.time("remove", () => removeSandbox(sandbox, removals)).catch((error: unknown) => log.error(`could not remove the container: ${error instanceof Error ? error.message : String(error)}`));
}

type ResultFields = Pick<InstanceResult, "status" | "error" | "error_phase" | "apply_method" | "v4" | "strict" | "verdicts_disagree" | "test_output_truncated">;
interface Outcome {
  readonly fields: ResultFields;
  readonly report?: InstanceReport;
}

/** The named steps of one evaluation; any step may end it with an InstanceError. */
async function runSteps(
  job: InstanceJob, ctx: EvalContext, clock: PhaseClock, log: InstanceLog,
  holder: { sandbox?: Sandbox }, file: (name: "test_output.txt") => string,
): Promise<Outcome> {
  const id = job.instance.instance_id;
  const early = ctx.early === undefined ? undefined : await clock.time("create", () => ctx.early as Promise<EarlyContainer | undefined>);
  let sandbox: Sandbox;
  if (early !== undefined) {
    sandbox = holder.sandbox = early.sandbox;
    log.info(`Container for ${id} created: ${sandbox.id} (made ready while the evaluation waited for its slot)`);
  } else {
    if (ctx.signal?.aborted === true) throw new InstanceError("the run is stopping: no new container");
    await pullImage(job, ctx, clock, log);
    sandbox = holder.sandbox = await clock.time("create", () => ctx.engine.create(containerSpec(job, ctx)));
    log.info(`Container for ${id} created: ${sandbox.id}`);
    await clock.time("copy", () => copyInputs(sandbox, job));
  }
  const method = await clock.time("apply", () => applyModelPatch(sandbox, log));
  const testOutput = await runEvalStep(sandbox, ctx, clock, log, file("test_output.txt"));
  const graded = await clock.time("grade", async () => ctx.grade({ ...job, log: testOutput.output }));
  if (!graded.ok) throw new InstanceError(graded.error);
  log.info(`report: ${JSON.stringify(graded.report)}\nResult for ${id}: resolved: ${graded.v4.resolved}`);
  const fields: ResultFields = {
    status: graded.v4.resolved ? "resolved" : "unresolved", apply_method: method,
    v4: graded.v4, strict: graded.strict, verdicts_disagree: graded.v4.resolved !== graded.strict.resolved,
    test_output_truncated: testOutput.truncated,
  };
  return { fields, report: graded.report };
}

async function resetInstanceDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await guardWrite(dir, () => mkdir(dir, { recursive: true }));
}

async function pullImage(job: InstanceJob, ctx: EvalContext, clock: PhaseClock, log: InstanceLog): Promise<void> {
  const image = await clock.time("pull", () => ctx.engine.ensureImage(job.image));
  if (!image.ok) throw new InstanceError(image.reason, "pull");
  if (image.pulled) log.info(`Pulled image ${job.image}`);
}

function containerSpec(job: InstanceJob, ctx: Pick<EvalContext, "runId" | "labels" | "limits">) {
  return instanceContainerSpec({ role: "eval", instanceId: job.instance.instance_id, runId: ctx.runId, image: job.image, labels: ctx.labels, workdir: "/testbed", limits: ctx.limits });
}

function copyInputs(sandbox: Sandbox, job: InstanceJob): Promise<void> {
  return sandbox.copyIn([
    { path: PATCH_PATH_IN_CONTAINER, content: job.modelPatch },
    { path: "/eval.sh", content: job.evalScript, mode: 0o755 },
  ]);
}

async function applyModelPatch(sandbox: Sandbox, log: InstanceLog): Promise<string> {
  const applied = await applyPatch(sandbox, APPLY_TIMEOUT_MS);
  for (const attempt of applied.attempts.slice(0, applied.ok ? -1 : undefined)) {
    log.info(`Failed to apply patch to container: ${attempt.command}`);
  }
  if (!applied.ok) {
    log.info(`>>>>> Patch Apply Failed:\n${applied.output}`);
    throw new InstanceError(applyFailureReason(applied));
  }
  log.info(`>>>>> Applied Patch:\n${applied.output}`);
  return applied.method;
}

/**
 * The eval script (with the diff before it), then one exec for both diffs, which also tells whether
 * the container lived through the script. The log says what upstream's says, in its order.
 */
async function runEvalStep(sandbox: Sandbox, ctx: EvalContext, clock: PhaseClock, log: InstanceLog, outputPath: string): Promise<ExecResult> {
  const run = await clock.time("eval", () => runEvalScript(sandbox, ctx.timeoutSeconds * 1000));
  const diffs = await clock.time("diff", () => readDiffs(sandbox).catch(unlessGone));
  if (diffs !== undefined) log.info(`Git diff before:\n${diffs.before.trim()}`);
  if (run.timedOut) {
    await writeFileAtomic(outputPath, `${run.output}\n\nTimeout error: ${ctx.timeoutSeconds} seconds exceeded.`);
    throw new InstanceError(`eval script timed out after ${ctx.timeoutSeconds} s (killed)`);
  }
  await writeFileAtomic(outputPath, run.output);
  log.info(`Test runtime: ${(run.durationMs / 1000).toFixed(2)} seconds\nTest output for ${sandbox.name} written to test_output.txt`);
  if (diffs !== undefined) log.info(`Git diff after:\n${diffs.after.trim()}`);
  if (diffs === undefined || diffs.exitCode !== 0) throw new InstanceError(await clock.time("check", () => whyStopped(sandbox, run.exitCode, diffs)));
  if (diffs.after !== diffs.before) log.info("Git diff changed after running eval script");
  return run;
}

/** A container that is gone cannot be diffed: undefined, for `whyStopped` to explain. */
function unlessGone(error: unknown): undefined {
  if (error instanceof SandboxError) return undefined;
  throw error;
}

/**
 * Why the diff after the script failed: the container died under the script (a script that exited
 * 0 ran to its end), or after it. Upstream ignores this and grades anyway; here it is an error.
 */
async function whyStopped(sandbox: Sandbox, evalExitCode: number | null, diffs: GitDiffs | undefined): Promise<string> {
  const after = `the container stopped after the eval script (git diff exit code ${diffs?.exitCode ?? "none"})`;
  if (evalExitCode === 0) return after;
  const state = await sandbox.state();
  if (state.running && diffs !== undefined) return after;
  const why = state.oomKilled === true ? "killed for lack of memory (OOM)" : `exit code ${state.running ? "unknown" : (state.exitCode ?? "unknown")}`;
  return `the container stopped while the eval script ran (${why})`;
}

/** report.json in the official harness's bytes (`json.dumps(report, indent=4)`, no final newline). */
async function persist(result: InstanceResult, report: InstanceReport | undefined, file: (name: "result.json" | "report.json") => string): Promise<InstanceResult> {
  await writeJsonAtomic(file("result.json"), result, 2);
  if (report !== undefined) await writeFileAtomic(file("report.json"), formatReportJson(report));
  return result;
}
