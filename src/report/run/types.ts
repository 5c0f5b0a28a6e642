import type { InstanceStatus } from "../../evaluation/outcome.ts";
import type { InstanceResultView, RunMeta, RunReportView } from "../../run/files/schemas.ts";
import type { TrajectorySummary } from "./trajectory.ts";
import type { InstanceStability } from "../../run/files/stability.ts";
import type { InstanceCost } from "../../run/files/costs.ts";
import type { ProtocolIdentity } from "../../protocol/identity.ts";

/** An instance's place in the official buckets; `not_submitted` = the official "incomplete" (no prediction). */
export type InstanceOutcome = InstanceStatus | "not_submitted";

export interface RunInstance {
  readonly id: string;
  readonly repo: string;
  readonly outcome: InstanceOutcome;
  readonly patch: string | undefined;
  readonly result: InstanceResultView | undefined;
  readonly hasReport: boolean;
  readonly trajectory: TrajectorySummary | undefined;
  readonly logDir: string;
  /** `eval --repeat N`: logs/<id>/stability.json; undefined without repeats. */
  readonly stability?: InstanceStability | undefined;
  /** Tokens and time from the trajectory and result.json (run/files/costs.ts); null fields = unknown. */
  readonly cost?: InstanceCost | undefined;
}

/** A run folder read back: what exists, and what is missing or unfinished. */
export interface LoadedRun {
  readonly id: string;
  readonly dir: string;
  readonly meta: RunMeta | undefined;
  /** Which agent protocol made its predictions (run/protocol.ts); `unknown` matches nothing. */
  readonly protocol: ProtocolIdentity;
  readonly report: RunReportView;
  readonly reportPath: string;
  readonly modelNames: readonly string[];
  readonly duplicatePredictionIds: readonly string[];
  /** Every instance of the run's dataset selection, sorted by id. */
  readonly instances: readonly RunInstance[];
  /** Why the run is not finished (each names the instance or file); empty when complete. */
  readonly incomplete: readonly string[];
  /** Optional files that are absent (run.json, trajectories). */
  readonly missing: readonly string[];
  readonly warnings: readonly string[];
}

/** "django__django-11099" -> "django/django"; ids without "__" keep their prefix before the last "-". */
export function repoOf(instanceId: string): string {
  const match = /^(.+?)__(.+)-\d+$/.exec(instanceId);
  if (match !== null) return `${match[1]}/${match[2]}`;
  return instanceId.replace(/-\d+$/, "");
}
