import type { Instance } from "../../dataset/row.ts";
import type { EnginePool } from "../../sandbox/engine-pool.ts";
import type { RunEvents } from "../events.ts";
import type { PlanFile } from "../plan-file.ts";
import type { WorkerRollout } from "./agent-context.ts";
import type { BackgroundRemovals } from "../../sandbox/removals.ts";

/**
 * The seam between the executors and what they run per instance. The local executor is a worker
 * with one shard; a Slurm array task is a worker of shard K; both open a job kind the same way.
 *
 * A job kind is opened once per worker on a run folder, and then gives:
 *   - `instanceIds`: every instance the run covers, in plan order (shards are cut from it);
 *   - `isDone(id)`: whether the instance needs no more work in this run (also read by the
 *     coordinator to follow progress and to decide which shards to resubmit);
 *   - `run(id)`: do the instance's work and write its per-instance results atomically (temp file +
 *     rename), the file that makes `isDone` true last, so a worker killed at any moment loses only
 *     the instance it was on;
 *   - `forget(id)`: drop what an attempt interrupted by the worker's own stop wrote (its result is
 *     about the stop, not the instance), so the resubmitted task runs it again.
 * Kinds: "eval" (eval-job.ts) and "agent" (agent-job.ts: infer/run rollouts). To add one: implement `JobKind`, register it in JOB_KINDS
 * (job-kinds.ts) under the `kind` the coordinator writes into plan.json, and give its plan fields.
 */
export interface OpenedJobKind {
  readonly instanceIds: readonly string[];
  isDone(instanceId: string): Promise<boolean>;
  run(instanceId: string): Promise<void>;
  forget(instanceId: string): Promise<void>;
}

export interface JobKindContext {
  readonly runDir: string;
  readonly plan: PlanFile;
  /** The selected dataset rows (a Slurm worker reads them from executor/instances.jsonl). */
  readonly rows: readonly Instance[];
  readonly pool: EnginePool;
  /** Where evaluations lease their engine (local `run`: their own --eval-workers slots); default `pool`. */
  readonly evalPool?: EnginePool;
  /** The model, tools and limits of an agent job, when the executor has them (local); else built from the plan. */
  readonly rollout?: WorkerRollout;
  /** Live events (the local executor; the Slurm coordinator reads them from the run folder). */
  readonly events?: Pick<RunEvents, "onRolloutDone" | "onEvaluated" | "onRepeatEvaluated">;
  /** Added to the labels of every container this worker creates (e.g. the shard). */
  readonly labels: Readonly<Record<string, string>>;
  readonly onNotice: (line: string) => void;
  /** The worker's stop (SIGTERM from scancel): long work (a rollout's model calls) ends early. */
  readonly signal?: AbortSignal;
  /** Where finished containers go to be removed off the critical path; the executor awaits it before it returns. */
  readonly removals?: BackgroundRemovals;
}

export interface JobKind {
  readonly kind: string;
  open(context: JobKindContext): Promise<OpenedJobKind>;
}
