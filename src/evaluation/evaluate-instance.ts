import { mkdir, rm, writeFile } from "node:fs/promises";
import { SandboxError } from "../sandbox/types.ts";
import type { ContainerLimits, Sandbox, SandboxEngine } from "../sandbox/types.ts";
import { instanceContainerSpec } from "../sandbox/labels.ts";
import { applyFailureReason, applyPatch, PATCH_PATH_IN_CONTAINER } from "./apply-patch.ts";
import { writeFileAtomic, writeJsonAtomic } from "../util/fs-atomic.ts";
import { InstanceLog } from "./instance-log.ts";
import type { GradeFn } from "../grading/for-run.ts";
import type { InstanceJob } from "./instance-job.ts";
import type { InstanceResult } from "./outcome.ts";
import { PhaseClock } from "./phase-clock.ts";
import { SeraBenchError } from "../util/errors.ts";

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
}

const APPLY_TIMEOUT_MS = 600_000;
const GIT_DIFF = ["git", "-c", "core.fileMode=false", "diff"];

/** An infrastructure or instance problem that ends this instance as an error, with its reason. */
class InstanceError extends SeraBenchError {}

/**
 * Evaluate one prediction the way the official harness does: fresh container, apply the patch with
 * the fallback chain, run /eval.sh under a timeout, grade the log. Every outcome is a result; the
 * container is always removed. report.json is written last: it marks the instance as done.
 */
export async function evaluateInstance(job: InstanceJob, ctx: EvalContext): Promise<InstanceResult> {
  const id = job.instance.instance_id;
  const file = (name: InstanceFile) => ctx.layout.instanceFile(id, name);
  const startedAt = new Date().toISOString();
  const clock = new PhaseClock();
  await resetInstanceDir(ctx.layout.instanceDir(id));
  const log = new InstanceLog(file("run_instance.log"));
  await writeFile(file("patch.diff"), job.modelPatch);
  await writeFile(file("eval.sh"), job.evalScript);
  const holder: { sandbox?: Sandbox } = {};
  let outcome: Outcome;
  try {
    outcome = await runSteps(job, ctx, clock, log, holder, file);
  } catch (error) {
    if (!(error instanceof InstanceError || error instanceof SandboxError)) throw error;
    log.error(`Error in evaluating ${id}: ${error.message}`);
    outcome = { fields: { status: "error", error: error.message, verdicts_disagree: false, test_output_truncated: false } };
  } finally {
    const sandbox = holder.sandbox;
    if (sandbox !== undefined) await clock.time("remove", () => sandbox.remove());
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

type ResultFields = Pick<InstanceResult, "status" | "error" | "apply_method" | "v4" | "strict" | "verdicts_disagree" | "test_output_truncated">;
interface Outcome {
  readonly fields: ResultFields;
  readonly report?: unknown;
}

/** The named steps of one evaluation; any step may end it with an InstanceError. */
async function runSteps(
  job: InstanceJob, ctx: EvalContext, clock: PhaseClock, log: InstanceLog,
  holder: { sandbox?: Sandbox }, file: (name: "test_output.txt") => string,
): Promise<Outcome> {
  const id = job.instance.instance_id;
  await pullImage(job, ctx, clock, log);
  const sandbox = await clock.time("create", () => ctx.engine.create(containerSpec(job, ctx)));
  holder.sandbox = sandbox;
  log.info(`Container for ${id} created: ${sandbox.id}`);
  await clock.time("copy", () => copyInputs(sandbox, job));
  const method = await clock.time("apply", () => applyModelPatch(sandbox, log));
  const diffBefore = await gitDiff(sandbox, log, "before");
  const testOutput = await clock.time("eval", () => runEvalScript(sandbox, ctx, file("test_output.txt"), log));
  await checkDiffAfter(sandbox, log, diffBefore);
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
  await mkdir(dir, { recursive: true });
}

async function pullImage(job: InstanceJob, ctx: EvalContext, clock: PhaseClock, log: InstanceLog): Promise<void> {
  const image = await clock.time("pull", () => ctx.engine.ensureImage(job.image));
  if (!image.ok) throw new InstanceError(image.reason);
  if (image.pulled) log.info(`Pulled image ${job.image}`);
}

function containerSpec(job: InstanceJob, ctx: EvalContext) {
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

async function gitDiff(sandbox: Sandbox, log: InstanceLog, when: "before" | "after"): Promise<string> {
  const diff = await sandbox.exec(GIT_DIFF, { workdir: "/testbed", user: "root", timeoutMs: 120_000 });
  log.info(`Git diff ${when}:\n${diff.output.trim()}`);
  // After the tests, a diff that cannot be taken means the container is gone (upstream ignores it and grades anyway).
  if (when === "after" && diff.exitCode !== 0) throw new InstanceError(`the container stopped after the eval script (git diff exit code ${diff.exitCode ?? "none"})`);
  return diff.output;
}

async function checkDiffAfter(sandbox: Sandbox, log: InstanceLog, before: string): Promise<void> {
  const after = await gitDiff(sandbox, log, "after");
  if (after !== before) log.info("Git diff changed after running eval script");
}

async function runEvalScript(sandbox: Sandbox, ctx: EvalContext, outputPath: string, log: InstanceLog) {
  const run = await sandbox.exec(["/bin/bash", "/eval.sh"], { user: "root", timeoutMs: ctx.timeoutSeconds * 1000 });
  if (run.timedOut) {
    await writeFileAtomic(outputPath, `${run.output}\n\nTimeout error: ${ctx.timeoutSeconds} seconds exceeded.`);
    throw new InstanceError(`eval script timed out after ${ctx.timeoutSeconds} s (killed)`);
  }
  await writeFileAtomic(outputPath, run.output);
  log.info(`Test runtime: ${(run.durationMs / 1000).toFixed(2)} seconds\nTest output for ${sandbox.name} written to test_output.txt`);
  if (await stoppedDuring(sandbox, run.exitCode)) {
    const state = await sandbox.state();
    const why = state.oomKilled === true ? "killed for lack of memory (OOM)" : `exit code ${state.running ? "unknown" : (state.exitCode ?? "unknown")}`;
    throw new InstanceError(`the container stopped while the eval script ran (${why})`);
  }
  return run;
}

/**
 * Whether the container died under the eval script. A script that exited 0 ran to its end. Else
 * Docker can still report a killed container as running for a moment after its exec ended, so a
 * container it calls running must also answer an exec; one that cannot is stopping.
 */
async function stoppedDuring(sandbox: Sandbox, exitCode: number | null): Promise<boolean> {
  if (exitCode === 0) return false;
  if (!(await sandbox.state()).running) return true;
  const probe = await sandbox.exec(["true"], { user: "root", timeoutMs: 60_000 }).catch(() => undefined);
  return probe === undefined || probe.exitCode !== 0;
}

async function persist(result: InstanceResult, report: unknown, file: (name: "result.json" | "report.json") => string): Promise<InstanceResult> {
  await writeJsonAtomic(file("result.json"), result, 2);
  if (report !== undefined) await writeJsonAtomic(file("report.json"), report, 4);
  return result;
}
