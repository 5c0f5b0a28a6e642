import { stringify } from "csv-stringify/sync";
import type { ReportData } from "../summary/build.ts";
import type { Breakdown } from "../summary/rate.ts";
import type { RunSummary } from "../summary/run-summary.ts";

const COLUMNS = ["group", "run_id", "context", "seed", "scope", "key", "resolved", "total", "rate", "ci95_low", "ci95_high", "complete"] as const;

/** One row per run and scope (overall, repository, difficulty), then one per seed group. */
export function summaryCsv(data: ReportData): string {
  const rows: (string | number | boolean)[][] = [];
  for (const run of data.runs) {
    rows.push(row(run, "overall", { key: "all", ...run.overall }));
    run.byRepo.forEach((b) => rows.push(row(run, "repo", b)));
    run.byDifficulty.forEach((b) => rows.push(row(run, "difficulty", b)));
  }
  for (const group of data.groups) {
    rows.push([group.group, group.runs.join(" "), group.context ?? "", "", "seed_mean", "mean", "", "", group.meanRate, "", "", ""]);
    if (group.sdRate !== undefined) rows.push([group.group, group.runs.join(" "), group.context ?? "", "", "seed_sd", "sd", "", "", group.sdRate, "", "", ""]);
    group.passAtK.forEach((p) => rows.push([group.group, group.runs.join(" "), group.context ?? "", "", "pass_at_k", `pass@${p.k}`, "", "", p.value, "", "", ""]));
  }
  return stringify([[...COLUMNS], ...rows], { cast: { boolean: (value) => String(value) } });
}

function row(run: RunSummary, scope: string, b: Breakdown): (string | number | boolean)[] {
  return [run.group, run.runId, run.context ?? "", run.seed ?? "", scope, b.key, b.resolved, b.total, b.rate, b.ci95.low, b.ci95.high, run.complete];
}
