import { readFile, rm } from "node:fs/promises";
import type { OpenedJobKind } from "../../run/jobs/job-kind.ts";
import type { ExecutorPaths } from "../../run/plan-file.ts";
import { taskStatusSchema } from "../worker.ts";
import type { TaskStatus } from "../worker.ts";
import { readJsonIfValid } from "../../util/json-file.ts";
import { isActiveState, scancel, taskStates } from "./commands.ts";
import { SeraBenchError } from "../../util/errors.ts";

export interface ShardState {
  readonly index: number;
  readonly ids: readonly string[];
  jobId?: string;
  submissions: number;
  seenRunning: boolean;
  absentPolls: number;
  final?: { readonly ok: boolean; readonly why?: string };
}

export interface FollowContext {
  readonly job: OpenedJobKind;
  readonly paths: ExecutorPaths;
  readonly maxResubmits: number;
  readonly pollMs: number;
  readonly submit: (shards: readonly ShardState[]) => Promise<string>;
  readonly onDone: (id: string) => Promise<void>;
  readonly onNotice: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** A task's end that no resubmission can fix: the run folder is not shared with the node. */
export class SharedFilesystemError extends SeraBenchError {}

/**
 * Follow the array until every shard is done or given up: report instances as their results
 * appear, and resubmit a shard whose task ended (failed, cancelled, timed out, node lost) with
 * instances unfinished; its new task skips the finished ones. Returns true when interrupted or
 * when a shard was given up.
 */
export async function followShards(shards: ShardState[], ctx: FollowContext): Promise<boolean> {
  const pending = new Set(shards.flatMap((shard) => shard.ids));
  const useSacct = { value: true };
  for (;;) {
    await reportProgress(pending, ctx);
    if (ctx.signal?.aborted === true) {
      await cancelAndWait(shards, ctx, useSacct);
      await reportProgress(pending, ctx);
      return true;
    }
    const states = await taskStates(activeJobIds(shards), useSacct);
    const ended = [];
    for (const shard of shards.filter((s) => s.final === undefined)) {
      if (await hasEnded(shard, states, ctx.paths)) ended.push(shard);
    }
    await reportProgress(pending, ctx);
    const again = await decide(ended, states, ctx);
    if (again.length > 0) await resubmit(again, ctx);
    if (shards.every((shard) => shard.final !== undefined)) return shards.some((shard) => shard.final?.ok === false);
    await sleep(ctx.pollMs, ctx.signal);
  }
}

/** How long an interrupted coordinator waits for its cancelled tasks to stop (their workers clean up first). */
const CANCEL_WAIT_MS = 120_000;

/**
 * Cancel the array and wait until Slurm no longer runs any of its tasks: each worker gets SIGTERM,
 * removes its containers and keeps what finished, so the reports written next see all of it.
 */
async function cancelAndWait(shards: readonly ShardState[], ctx: FollowContext, useSacct: { value: boolean }): Promise<void> {
  const jobIds = activeJobIds(shards);
  if (jobIds.length === 0) return;
  await scancel(jobIds);
  ctx.onNotice(`cancelled Slurm job(s) ${jobIds.join(", ")}; waiting for their tasks to stop`);
  const deadline = Date.now() + CANCEL_WAIT_MS;
  while ([...(await taskStates(jobIds, useSacct)).values()].some(isActiveState)) {
    if (Date.now() > deadline) {
      ctx.onNotice(`Slurm job(s) ${jobIds.join(", ")} still have tasks after ${CANCEL_WAIT_MS / 1000} s; the report covers what finished until now`);
      return;
    }
    await sleep(Math.min(ctx.pollMs, 1_000), undefined);
  }
}

function activeJobIds(shards: readonly ShardState[]): string[] {
  return [...new Set(shards.filter((s) => s.final === undefined && s.jobId !== undefined).map((s) => s.jobId as string))];
}

async function reportProgress(pending: Set<string>, ctx: FollowContext): Promise<void> {
  for (const id of [...pending]) {
    if (!(await ctx.job.isDone(id))) continue;
    pending.delete(id);
    await ctx.onDone(id);
  }
}

async function hasEnded(shard: ShardState, states: ReadonlyMap<string, string>, paths: ExecutorPaths): Promise<boolean> {
  const state = states.get(`${shard.jobId}_${shard.index}`);
  if (state !== undefined && isActiveState(state)) {
    if (state === "RUNNING") shard.seenRunning = true;
    shard.absentPolls = 0;
    return false;
  }
  if (state !== undefined) return true;
  // Slurm no longer lists the task: ended if its exit code is written or it stays unlisted.
  shard.absentPolls++;
  return shard.absentPolls >= 3 || (await readText(paths.taskExit(shard.index))) !== undefined;
}

async function decide(ended: readonly ShardState[], states: ReadonlyMap<string, string>, ctx: FollowContext): Promise<ShardState[]> {
  const again: ShardState[] = [];
  for (const shard of ended) {
    const unfinished = await unfinishedIds(shard, ctx.job);
    const state = states.get(`${shard.jobId}_${shard.index}`) ?? "GONE";
    const status = await readStatus(ctx.paths.taskStatus(shard.index));
    const exit = (await readText(ctx.paths.taskExit(shard.index)))?.trim();
    const how = `task ${shard.jobId}_${shard.index} ended ${state}${exit === undefined ? "" : `, exit code ${exit}`}${status?.error === undefined ? "" : `: ${status.error}`}`;
    if (unfinished.length === 0) {
      shard.final = { ok: true };
    } else if (status === undefined && exit === undefined && state !== "CANCELLED" && shard.seenRunning) {
      await scancel(activeJobIds(ended));
      throw new SharedFilesystemError(
        `${how} without writing ${ctx.paths.taskStatus(shard.index)}: the worker could not use the run folder. It must be on a filesystem ` +
          `every node shares (see ${ctx.paths.taskOutput(`${shard.jobId}_${shard.index}`)} on the node for the worker's message)`,
      );
    } else if (shard.submissions > ctx.maxResubmits) {
      shard.final = { ok: false, why: `${how}; ${unfinished.length} instance(s) unfinished after ${shard.submissions} submissions (see ${ctx.paths.taskOutput(`${shard.jobId}_${shard.index}`)})` };
      ctx.onNotice(`giving up shard ${shard.index}: ${shard.final.why}`);
    } else {
      ctx.onNotice(`${how}; resubmitting shard ${shard.index} for its ${unfinished.length} unfinished instance(s)`);
      again.push(shard);
    }
  }
  return again;
}

async function resubmit(shards: readonly ShardState[], ctx: FollowContext): Promise<void> {
  for (const shard of shards) await clearTaskFiles(shard.index, ctx.paths);
  const jobId = await ctx.submit(shards);
  for (const shard of shards) {
    Object.assign(shard, { jobId, submissions: shard.submissions + 1, seenRunning: false, absentPolls: 0 });
  }
}

export async function clearTaskFiles(index: number, paths: ExecutorPaths): Promise<void> {
  await rm(paths.taskStatus(index), { force: true });
  await rm(paths.taskExit(index), { force: true });
}

export async function unfinishedIds(shard: ShardState, job: OpenedJobKind): Promise<string[]> {
  const left: string[] = [];
  for (const id of shard.ids) if (!(await job.isDone(id))) left.push(id);
  return left;
}

async function readText(path: string): Promise<string | undefined> {
  return readFile(path, "utf8").catch(() => undefined);
}

function readStatus(path: string): Promise<TaskStatus | undefined> {
  return readJsonIfValid(path, taskStatusSchema);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    // The abort listener goes with the timer: one poll adds none for good (no listener leak).
    const onAbort = () => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(() => { signal?.removeEventListener("abort", onAbort); resolve(); }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
