import type { Comparison } from "../compare/choose-test.ts";

export type GateStatus = "pass" | "regression" | "invalid";

/** Exit codes of `sera-bench gate`. */
export const GATE_EXIT = { pass: 0, regression: 1, invalid: 2 } as const satisfies Record<GateStatus, number>;

export interface GateCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly message: string;
}

export interface GateOptions {
  readonly run: string;
  readonly minResolveRate: number | undefined;
  readonly reference: string | undefined;
  readonly maxDrop: number;
  readonly alpha: number;
  readonly maxErrorRate: number | undefined;
  readonly allowIncomplete: boolean;
  /** Compare with a baseline measured on another instance set (the sizes are printed side by side). */
  readonly allowDifferentSet?: boolean;
  /** Compare with a reference of another protocol (both are printed side by side); refused otherwise, `unknown` included. */
  readonly allowDifferentProtocol?: boolean;
  /** `--ignore-flaky`: an instance that changed verdict across `eval --repeat N` counts as resolved (and is listed). */
  readonly ignoreFlaky?: boolean;
  /** `--exclude FILE`: judge the run without the instances of this flake list (both rates are shown). */
  readonly exclude?: string | undefined;
  /** `--min-snr X`: the run (a seed base: its seeds) must beat --reference with signal-to-noise ratio >= X (report/seeds/). */
  readonly minSnr?: number | undefined;
  /** `--max-exact-match X`: fail when more than this fraction of predictions contain the gold patch verbatim (report/contamination/). */
  readonly maxExactMatch?: number | undefined;
}

export interface GateVerdict {
  readonly status: GateStatus;
  readonly exitCode: (typeof GATE_EXIT)[GateStatus];
  readonly run: string;
  readonly checks: readonly GateCheck[];
  readonly comparison: Comparison | undefined;
  /** One paragraph for the CI log. */
  readonly verdict: string;
}
