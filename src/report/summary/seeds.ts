import type { LoadedRun } from "../run/types.ts";
import { meanSd } from "../stats/describe.ts";
import { meanPassAtK } from "../stats/pass-at-k.ts";
import type { RunSummary } from "./run-summary.ts";

/** Groups the run summaries by configuration and summarises each group's seeds (pure). */
export function summarizeGroups(summaries: readonly RunSummary[], runs: readonly LoadedRun[]) {
  const groups = new Map<string, RunSummary[]>();
  for (const summary of summaries) groups.set(summary.group, [...(groups.get(summary.group) ?? []), summary]);
  return [...groups.entries()].map(([group, members]) => {
    const stats = meanSd(members.map((m) => m.overall.rate));
    const memberRuns = runs.filter((run) => members.some((m) => m.runId === run.id && m.dir === run.dir));
    return {
      group, runs: members.map((m) => m.runId), context: members[0]?.context,
      /** Mean ± sd of the seeds' resolve rates (fractions). */
      meanRate: stats.mean, sdRate: stats.sd,
      /** pass@k for k = 1..n (unbiased estimator), over the instances common to every seed. */
      passAtK: passAtKCurve(memberRuns),
    };
  });
}

/** pass@k, k = 1..n over the seeds, on the instances every seed has. */
export function passAtKCurve(runs: readonly LoadedRun[]): { k: number; value: number }[] {
  const n = runs.length;
  if (n === 0) return [];
  const idSets = runs.map((run) => new Set(run.instances.map((i) => i.id)));
  const common = [...(idSets[0] ?? [])].filter((id) => idSets.every((set) => set.has(id)));
  const resolvedSets = runs.map((run) => new Set(run.report.resolved_ids));
  const counts = common.map((id) => ({ n, c: resolvedSets.filter((set) => set.has(id)).length }));
  return Array.from({ length: n }, (_, index) => ({ k: index + 1, value: meanPassAtK(counts, index + 1) }));
}
