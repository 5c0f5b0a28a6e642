import type { InstanceResult } from "../evaluation/outcome.ts";
import type { RolloutResult } from "./jobs/rollout.ts";

/**
 * What a run tells whoever watches it (the CLI's progress display, tests), whichever executor runs
 * it: one shape for eval, infer and run, locally or on Slurm.
 */
export interface RunEvents {
  /**
   * Before any work: how many selected instances have work of this kind (eval: those with a
   * non-empty prediction), and what those already finished count (resumed: done, resolved, errors).
   */
  readonly onStart?: (total: number, resumed: ResumedCounts) => void;
  /** infer/run: a rollout of this invocation ended (its trajectory and prediction are written). */
  readonly onRolloutDone?: (result: RolloutResult) => void;
  /** eval/run: an evaluation of this invocation ended (its result.json is written). */
  readonly onEvaluated?: (result: InstanceResult) => void;
  /** eval/run with --repeat N: evaluation k (2..N) of an instance ended (its files in logs/<id>/repeats/<k>/). */
  readonly onRepeatEvaluated?: (result: InstanceResult, k: number, of: number) => void;
  readonly onNotice?: (line: string) => void;
  /** Ctrl-C, SIGTERM: stop taking work, keep what finished, write the reports. */
  readonly signal?: AbortSignal;
}

export interface ResumedCounts {
  readonly done: number;
  readonly resolved: number;
  readonly errors: number;
}

export function noticeOf(events: RunEvents): (line: string) => void {
  return events.onNotice ?? ((line: string) => void process.stderr.write(`${line}\n`));
}
