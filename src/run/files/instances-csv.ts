import { stringify } from "csv-stringify/sync";
import type { InstanceResult } from "../../evaluation/outcome.ts";
import { PHASES } from "../../evaluation/outcome.ts";
import type { InstanceStability } from "./stability.ts";
import { COST_COLUMNS, costCsvCells, type InstanceCost } from "./costs.ts";

const COLUMNS = [
  "instance_id", "status", "resolved_v4", "resolution_v4", "resolved_strict", "strict_flags", "verdicts_disagree",
  "f2p_passed", "f2p_failed", "p2p_passed", "p2p_failed", "apply_method", "error",
  ...PHASES.map((phase) => `${phase}_ms`), "started_at", "finished_at",
  // `--repeat N` (empty without): stable | flaky | unknown, every evaluation's verdict, the tests that flipped.
  "stability", "repeat_verdicts", "flipped_tests",
] as const;

/**
 * One row per instance: verdicts, test counts, timings and stability (spreadsheet-friendly).
 * `costs` (agent runs): the cost columns of costs.ts (tokens, the time split; blank = unknown).
 * `leakAttempts` (agent runs): a last column `leak_attempts`, each attempt as `kind [call N]`, `; `-separated.
 */
export function instancesCsv(
  results: readonly InstanceResult[],
  extra: {
    readonly leakAttempts?: ReadonlyMap<string, string>; readonly stabilities?: ReadonlyMap<string, InstanceStability>;
    readonly costs?: ReadonlyMap<string, InstanceCost>;
  } = {},
): string {
  const { leakAttempts, costs, stabilities = new Map<string, InstanceStability>() } = extra;
  const rows = results.map((result) => [
    ...baseColumns(result),
    ...stabilityCells(stabilities.get(result.instance_id)),
    ...(costs === undefined ? [] : costCsvCells(costs.get(result.instance_id))),
    ...(leakAttempts === undefined ? [] : [leakAttempts.get(result.instance_id) ?? ""]),
  ]);
  const header = [...COLUMNS, ...(costs === undefined ? [] : COST_COLUMNS), ...(leakAttempts === undefined ? [] : ["leak_attempts"])];
  return stringify([header, ...rows], { cast: { boolean: (value) => String(value) } });
}

function baseColumns(result: InstanceResult): (string | number | boolean)[] {
  return [
    result.instance_id,
    result.status,
    result.v4?.resolved ?? "",
    result.v4?.resolution ?? "",
    result.strict?.resolved ?? "",
    result.strict?.flags.join("; ") ?? "",
    result.verdicts_disagree,
    result.v4?.failToPass.passed ?? "",
    result.v4?.failToPass.failed ?? "",
    result.v4?.passToPass.passed ?? "",
    result.v4?.passToPass.failed ?? "",
    result.apply_method ?? "",
    result.error ?? "",
    ...PHASES.map((phase) => result.timings_ms[phase] ?? ""),
    result.started_at,
    result.finished_at,
  ];
}

function stabilityCells(stability: InstanceStability | undefined): string[] {
  if (stability === undefined) return ["", "", ""];
  const tests = stability.flipped_tests.map((t) => `${t.test} (passed in ${t.passed_in.join(",")}; failed in ${t.failed_in.join(",")})`);
  return [stability.stability, stability.verdicts.join(";"), tests.join("; ")];
}
