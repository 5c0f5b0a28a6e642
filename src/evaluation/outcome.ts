/** What one instance's evaluation produced: data written to `logs/<id>/result.json` and instances.csv. */
export type InstanceStatus = "resolved" | "unresolved" | "error" | "empty";

export type Resolution = "RESOLVED_FULL" | "RESOLVED_PARTIAL" | "RESOLVED_NO";

export interface TestCounts {
  readonly passed: number;
  readonly failed: number;
}

export interface Verdict {
  readonly resolved: boolean;
  readonly resolution: Resolution;
  readonly patchApplied: boolean;
  readonly failToPass: TestCounts;
  readonly passToPass: TestCounts;
}

export interface StrictVerdict extends Verdict {
  /** Why the strict verdict distrusts the run (exploit patterns, exit-code mismatch, ...). */
  readonly flags: readonly string[];
}

export const PHASES = ["pull", "create", "copy", "apply", "eval", "grade", "remove"] as const;
export type Phase = (typeof PHASES)[number];
export type PhaseTimings = Partial<Record<Phase, number>>;

export interface InstanceResult {
  readonly instance_id: string;
  readonly status: InstanceStatus;
  /** Why an instance is an error; absent otherwise. */
  readonly error?: string;
  readonly image?: string;
  readonly apply_method?: string;
  /** The official verdict (v4.1.0 semantics): the headline. */
  readonly v4?: Verdict;
  /** The stricter verdict (v5 grading plus exploit checks). */
  readonly strict?: StrictVerdict;
  readonly verdicts_disagree: boolean;
  readonly test_output_truncated: boolean;
  readonly timings_ms: PhaseTimings;
  readonly started_at: string;
  readonly finished_at: string;
}
