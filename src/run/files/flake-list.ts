import { z } from "zod";
import type { InstanceResult } from "../../evaluation/outcome.ts";
import { flippedTestSchema } from "./stability.ts";
import type { InstanceStability } from "./stability.ts";

const idList = z.array(z.string());

/**
 * A flake list: which instances changed verdict across repeated evaluations, with the evidence (the
 * verdict of each evaluation, the tests that flipped and where). Written at the end of a run with
 * `--repeat N` (`<run>/flakes.json`) and by `sera-bench flakes`; `report`, `compare` and `gate`
 * read it with `--exclude FILE`. One schema for the writer and every reader.
 */
export const flakeListSchema = z.looseObject({
  format: z.literal("sera-bench-flakes/1"),
  run_id: z.string(),
  dataset: z.string().optional(),
  /** Evaluations per instance. */
  repeats: z.number().int().min(1),
  /** Instances evaluated with repeats (a verdict on evaluation 1). */
  evaluated: z.number().int().nonnegative(),
  /** Resolved by the official (first) evaluation. */
  resolved: z.number().int().nonnegative(),
  /** Resolved by every evaluation. */
  resolved_stable: z.number().int().nonnegative(),
  flaky_ids: idList,
  /** A repeat ended in an error and the others agree: not known to be stable. */
  unknown_ids: idList,
  instances: z.array(z.looseObject({ instance_id: z.string(), verdicts: z.array(z.string()), tests: z.array(flippedTestSchema) })),
  created_at: z.string(),
});
export type FlakeList = z.infer<typeof flakeListSchema>;

export const FLAKES_FILE = "flakes.json";

/** The run's flake list from its results (evaluation 1) and each instance's stability.json (pure). */
export function makeFlakeList(
  run: { readonly runId: string; readonly dataset?: string },
  results: readonly InstanceResult[],
  stabilities: ReadonlyMap<string, InstanceStability>,
  now = new Date(),
): FlakeList {
  const assessed = results.flatMap((result) => {
    const stability = stabilities.get(result.instance_id);
    return stability === undefined ? [] : [{ result, stability }];
  });
  const flaky = assessed.filter((a) => a.stability.stability === "flaky");
  return {
    format: "sera-bench-flakes/1", run_id: run.runId, ...(run.dataset === undefined ? {} : { dataset: run.dataset }),
    repeats: Math.max(1, ...assessed.map((a) => a.stability.repeats)),
    evaluated: assessed.length,
    resolved: assessed.filter((a) => a.result.status === "resolved").length,
    resolved_stable: assessed.filter((a) => a.stability.verdicts.every((v) => v === "resolved")).length,
    flaky_ids: flaky.map((a) => a.result.instance_id),
    unknown_ids: assessed.filter((a) => a.stability.stability === "unknown").map((a) => a.result.instance_id),
    instances: flaky.map((a) => ({ instance_id: a.result.instance_id, verdicts: a.stability.verdicts, tests: a.stability.flipped_tests })),
    created_at: now.toISOString(),
  };
}

/** "resolved 5, resolved-stable 4, flaky 1: <ids>" (the eval summary line). */
export function formatFlakeSummary(list: FlakeList): string {
  const flaky = list.flaky_ids.length === 0 ? "flaky 0" : `flaky ${list.flaky_ids.length}: ${list.flaky_ids.join(", ")}`;
  const unknown = list.unknown_ids.length === 0 ? "" : `; unknown (a repeat errored) ${list.unknown_ids.length}: ${list.unknown_ids.join(", ")}`;
  return `Repeats (${list.repeats} evaluations of ${list.evaluated} instance(s)): resolved ${list.resolved}, resolved-stable ${list.resolved_stable}, ${flaky}${unknown}`;
}
