/** Two groups of seed runs (or a group against a published mean ± sd): difference, SNR, seeds needed (pure). */
import type { Side } from "../compare/sides.ts";
import { pooledSd, seedsNeeded, signalToNoise, type PowerOptions, type SeedSample } from "./power.ts";

/** Differences the seeds-needed figures are given for, in points (1 point = 0.01 of the rate). */
export const DETECT_POINTS = [1, 2, 3] as const;
/** Under this signal-to-noise ratio a result is preliminary (SERA paper, section 6). */
export const PRELIMINARY_SNR = 2;

export interface SeedsNeeded {
  readonly points: number;
  /** Seeds per group at 80% power, two-sided α = 0.05; undefined when no spread is known. */
  readonly seeds: number | undefined;
}

export interface SeedComparison {
  readonly ours: SeedSample & { readonly label: string };
  readonly other: SeedSample & { readonly label: string };
  /** ours.mean - other.mean, as a fraction. */
  readonly difference: number;
  /** Undefined when neither side has two seeds (no spread). */
  readonly pooledSd: number | undefined;
  readonly snr: number | undefined;
  /** SNR under 2 (or unknown). */
  readonly preliminary: boolean;
  readonly seedsNeeded: readonly SeedsNeeded[];
  /** Why a figure is missing or rests on one side's spread only. */
  readonly note: string | undefined;
}

/** A side's seeds: its seed statistics, or one observation without spread. */
export function sampleOf(side: Pick<Side, "rate" | "seeds">): SeedSample {
  return side.seeds === undefined ? { n: 1, mean: side.rate, sd: undefined } : { n: side.seeds.n, mean: side.seeds.mean, sd: side.seeds.sd };
}

/** Seeds needed for 1, 2 and 3 points given a spread (fraction). */
export function seedsNeededFor(sd: number | undefined, options: PowerOptions = {}): SeedsNeeded[] {
  return DETECT_POINTS.map((points) => ({ points, seeds: sd === undefined ? undefined : seedsNeeded(sd, points / 100, options) }));
}

export function compareSeeds(ours: SeedSample & { label: string }, other: SeedSample & { label: string }, options: PowerOptions = {}): SeedComparison {
  const sp = pooledSd(ours, other);
  const snr = signalToNoise(ours, other);
  return {
    ours, other, difference: ours.mean - other.mean, pooledSd: sp, snr,
    preliminary: snr === undefined || Math.abs(snr) < PRELIMINARY_SNR,
    seedsNeeded: seedsNeededFor(sp, options),
    note: noteOf(ours, other),
  };
}

function noteOf(ours: SeedSample & { label: string }, other: SeedSample & { label: string }): string | undefined {
  if (ours.n < 2 && other.n < 2) return `one run on each side (${ours.label}, ${other.label}): no run-to-run spread is known, so there is no signal-to-noise ratio; run several seeds (e.g. -s1, -s2, -s3) and compare the seed bases`;
  if (ours.n < 2) return `${ours.label} is one run: the spread is ${other.label}'s alone`;
  if (other.n < 2) return `${other.label} is one run: the spread is ${ours.label}'s alone`;
  return undefined;
}

export function seedComparisonOf(ours: Side, other: Side, options: PowerOptions = {}): SeedComparison {
  return compareSeeds({ label: ours.label, ...sampleOf(ours) }, { label: other.label, ...sampleOf(other) }, options);
}

/** The seed figures of a comparison when at least one side has several seeds (else undefined: nothing to say). */
export function seedFiguresOf(comparison: { readonly ours: Side; readonly other: Side }, options: PowerOptions = {}): SeedComparison | undefined {
  if (comparison.ours.seeds === undefined && comparison.other.seeds === undefined) return undefined;
  return seedComparisonOf(comparison.ours, comparison.other, options);
}
