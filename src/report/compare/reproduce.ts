/**
 * Reproduce a leaderboard row: against a row of the same protocol that publishes per-instance
 * results, does our run give its figure? Our rate with its Wilson 95% interval against the row's
 * figure, the paired table over the instances both cover, and the exact McNemar test on it (pure).
 */
import { sameProtocol } from "../../protocol/identity.ts";
import { pct } from "../output/format.ts";
import { exactMcNemar } from "../stats/mcnemar.ts";
import { rateOf, type Rate } from "../summary/rate.ts";
import { formatPValue } from "./format-p.ts";
import type { Side } from "./sides.ts";

export interface PairedTable {
  readonly instances: number;
  readonly both: number;
  readonly onlyOurs: number;
  readonly onlyTheirs: number;
  readonly neither: number;
  /** Exact McNemar (two-sided) on onlyOurs vs onlyTheirs. */
  readonly pValue: number;
}

export interface Reproduction {
  readonly row: string;
  /** The row's published figure, as a fraction. */
  readonly rowRate: number;
  readonly ours: Rate;
  /** "inside": reproduces; "above" / "below": the row's figure lies outside our interval. */
  readonly position: "inside" | "above" | "below";
  /** Undefined when no instance of ours is among the row's. */
  readonly paired: PairedTable | undefined;
  /** The sentence every output prints. */
  readonly text: string;
}

/** Undefined unless `other` is a baseline with per-instance results, `ours` one run with them, under one protocol. */
export function reproductionOf(ours: Side, other: Side): Reproduction | undefined {
  if (other.origin !== "baseline" || other.perInstance === undefined || ours.perInstance === undefined || ours.seeds !== undefined) return undefined;
  if (!sameProtocol(ours.protocol, other.protocol)) return undefined;
  const rate = rateOf(ours.resolved, ours.total);
  const position = other.rate < rate.ci95.low ? "below" : other.rate > rate.ci95.high ? "above" : "inside";
  const paired = pairedTable(ours.perInstance, other.perInstance);
  const head = position === "inside" ? `reproduces ${other.label}` : `does not reproduce ${other.label}`;
  const interval = `the row's ${pct(other.rate)} lies ${position} our 95% interval [${pct(rate.ci95.low)}, ${pct(rate.ci95.high)}] (ours ${rate.resolved}/${rate.total} = ${pct(rate.rate)})`;
  const pairs = paired === undefined
    ? "no instance of ours is among the row's (no paired test)"
    : `paired over ${paired.instances} instance(s): both resolved ${paired.both}, only ours ${paired.onlyOurs}, only theirs ${paired.onlyTheirs}, neither ${paired.neither}; paired test (exact McNemar) p = ${formatPValue(paired.pValue)}`;
  return { row: other.label, rowRate: other.rate, ours: rate, position, paired, text: `${head}: ${interval}; ${pairs}` };
}

function pairedTable(ours: NonNullable<Side["perInstance"]>, theirs: NonNullable<Side["perInstance"]>): PairedTable | undefined {
  const theirIds = new Set(theirs.ids);
  const ids = ours.ids.filter((id) => theirIds.has(id));
  if (ids.length === 0) return undefined;
  const count = (a: boolean, b: boolean) => ids.filter((id) => ours.resolved.has(id) === a && theirs.resolved.has(id) === b).length;
  const table = { instances: ids.length, both: count(true, true), onlyOurs: count(true, false), onlyTheirs: count(false, true), neither: count(false, false) };
  return { ...table, pValue: exactMcNemar(table.onlyOurs, table.onlyTheirs).pValue };
}
