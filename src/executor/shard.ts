import type { OpenedJobKind } from "../run/jobs/job-kind.ts";

export interface ShardOutcome {
  readonly ran: number;
  readonly skipped: number;
  readonly interrupted: boolean;
}

/**
 * Run the unfinished instances among `ids`: every executor's loop (the local one is a worker with
 * one shard). All start at once and wait for an engine slot in the job kind's pools, so rollouts and
 * evaluations each keep their own concurrency. On a stop (`stop` aborted: Ctrl-C, SIGTERM, or an
 * instance that throws) nothing new starts, this process's containers of the run are removed so the
 * instances in flight end, and an instance that ends after the stop began is forgotten: it runs
 * again next time (not the one that threw: its own outcome stands); once all have settled, a second sweep removes what was being created during the first. Every instance's promise settles before this returns (the sweep too), so the
 * caller writes its reports from what is on disk and nothing of the run is left running.
 * The first error thrown by an instance is thrown once all have settled. `onTodo`: which need
 * work, before any starts.
 */
export async function runShard(
  job: Pick<OpenedJobKind, "isDone" | "run" | "forget">, ids: readonly string[], stop: AbortController, sweep: () => Promise<void>,
  onTodo?: (todo: readonly string[]) => Promise<void>,
): Promise<ShardOutcome> {
  const todo: string[] = [];
  for (const id of ids) if (!(await job.isDone(id))) todo.push(id);
  await onTodo?.(todo);
  let thrown: { error: unknown } | undefined;
  let swept: Promise<void> | undefined;
  const onStop = () => void (swept = sweep().catch(() => undefined));
  stop.signal.addEventListener("abort", onStop, { once: true });
  try {
    await Promise.all(todo.map(async (id) => {
      let failed = false;
      try {
        await job.run(id);
      } catch (error) {
        failed = true;
        thrown ??= { error };
        stop.abort();
      }
      // The instance whose own error stopped the run (the breaker's last, a server never reached)
      // keeps its outcome: the stop did not cut it short.
      if (stop.signal.aborted && !failed) await job.forget(id);
    }));
  } finally {
    stop.signal.removeEventListener("abort", onStop);
    await swept;
    // A container whose creation was in flight when the first sweep listed the run's is gone too.
    if (stop.signal.aborted) await sweep().catch(() => undefined);
  }
  if (thrown !== undefined) throw thrown.error;
  return { ran: todo.length, skipped: ids.length - todo.length, interrupted: stop.signal.aborted };
}

/** An abort controller that follows `outer` (the user's stop) and can also be aborted on its own. */
export function stopFollowing(outer: AbortSignal | undefined): AbortController {
  const stop = new AbortController();
  if (outer?.aborted === true) stop.abort();
  else outer?.addEventListener("abort", () => stop.abort(), { once: true });
  return stop;
}
