import type { Interval } from "../stats/wilson.ts";

/** resolved / total with its Wilson 95% interval. */
export interface Rate {
  readonly resolved: number;
  readonly total: number;
  readonly rate: number;
  readonly ci95: Interval;
}

export interface Breakdown extends Rate {
  readonly key: string;
}

export interface Counts {
  readonly total: number;
  readonly submitted: number;
  readonly completed: number;
  readonly resolved: number;
  readonly unresolved: number;
  readonly empty: number;
  readonly error: number;
  /** No prediction (the official "incomplete"). */
  readonly notSubmitted: number;
  /** Submitted, not empty, never evaluated. */
  readonly notEvaluated: number;
}

export interface Distribution {
  readonly count: number;
  readonly sum: number;
  readonly mean: number;
  readonly median: number;
  readonly max: number;
}

/** Agent-side figures; undefined parts when no trajectory recorded them. */
export interface AgentStats {
  readonly trajectories: number;
  readonly promptTokens: Distribution | undefined;
  readonly completionTokens: Distribution | undefined;
  readonly steps: Distribution | undefined;
  readonly wallTimeS: Distribution | undefined;
  readonly exitStatuses: Readonly<Record<string, number>>;
}

export interface RunSummary {
  readonly runId: string;
  readonly dir: string;
  readonly group: string;
  readonly model: string | undefined;
  readonly context: string | undefined;
  readonly seed: number | string | undefined;
  readonly dataset: string | undefined;
  /** The agent protocol from run.json: "published", or "custom (...)"; undefined when not recorded (e.g. eval of given predictions). */
  readonly protocol: string | undefined;
  readonly overall: Rate;
  readonly counts: Counts;
  readonly byRepo: readonly Breakdown[];
  readonly byDifficulty: readonly Breakdown[];
  readonly agent: AgentStats;
  /** Median / total evaluation wall time per instance, from result.json. */
  readonly evalWallS: Distribution | undefined;
  readonly complete: boolean;
  readonly incomplete: readonly string[];
  readonly missing: readonly string[];
  readonly warnings: readonly string[];
}

export interface GroupSummary {
  readonly group: string;
  readonly runs: readonly string[];
  readonly context: string | undefined;
  /** Mean ± sd of the seeds' resolve rates (fractions). */
  readonly meanRate: number;
  readonly sdRate: number | undefined;
  /** pass@k for k = 1..n (unbiased estimator), over the instances common to every seed. */
  readonly passAtK: readonly { readonly k: number; readonly value: number }[];
}
