import { runContext } from "../baselines/load.ts";
import type { LoadedRun, RunInstance } from "../run/types.ts";
import { isRolloutError } from "../run/rollout-errors.ts";
import { splitSeed } from "../run/find.ts";
import { modelNameOf } from "../../run/files/schemas.ts";
import { protocolDetail, protocolLabel } from "../../protocol/identity.ts";
import type { DifficultyMap } from "./difficulty.ts";
import { distribution } from "./distribution.ts";
import { breakdown, rateOf } from "./rate.ts";
import type { ExcludeList } from "../run/exclude.ts";
import { excludedRate, stabilityOf } from "./stability.ts";

export const DIFFICULTY_ORDER = ["<15 min fix", "15 min - 1 hour", "1-4 hours", ">4 hours", "unknown"] as const;

export type RunSummary = ReturnType<typeof summarizeRun>;

/** Everything the report says about one run (pure). */
export function summarizeRun(run: LoadedRun, difficulty: DifficultyMap, exclude?: ExcludeList) {
  const context = runContext(run);
  const model = modelNameOf(run.meta) ?? run.modelNames[0];
  const isResolved = (i: RunInstance) => i.outcome === "resolved";
  return {
    runId: run.id, dir: run.dir, model, context,
    group: groupKey(run.id, model, context, run.meta !== undefined),
    seed: run.meta?.seed ?? run.meta?.options?.sampling?.seed ?? splitSeed(run.id).seed,
    dataset: run.meta?.dataset === undefined ? undefined : `${run.meta.dataset}${run.meta.split === undefined ? "" : ` (${run.meta.split})`}`,
    /** Which agent protocol made the predictions, one line ("sera (SWE-agent e2e @1ca8673)", "mini-swe-agent@v1.17.2", "unknown") and the record. */
    protocol: protocolLabel(run.protocol),
    protocolIdentity: run.protocol,
    /** SERA runs: "published", or "custom (...)" naming the parts that differ; undefined when run.json does not say. */
    protocolTexts: textsOf(run),
    /** What every output prints: the texts' status where recorded, then the protocol with its sha256 and source. */
    protocolLine: `${textsOf(run) === undefined ? "" : `${textsOf(run) ?? ""}; `}${protocolDetail(run.protocol)}`,
    overall: rateOf(run.report.resolved_instances, run.report.total_instances),
    /** `eval --repeat N`: resolved, resolved-stable, flaky ids; undefined without repeats. */
    stability: stabilityOf(run),
    /** `--exclude FILE`: the rate without the listed instances; undefined without the option. */
    excluded: exclude === undefined ? undefined : excludedRate(run, exclude),
    counts: countsOf(run),
    byRepo: breakdown(run.instances, (i) => i.repo, isResolved),
    byDifficulty: breakdown(run.instances, (i) => difficulty.get(i.id) ?? "unknown", isResolved, DIFFICULTY_ORDER),
    agent: agentStats(run.instances),
    /** Median / total evaluation wall time per instance, from result.json. */
    evalWallS: distribution(run.instances.map(evalSeconds)),
    complete: run.incomplete.length === 0,
    incomplete: run.incomplete, missing: run.missing, warnings: run.warnings,
  };
}

/** Seeds of one configuration share a group: model and context from run.json, else the id without `-sN`. */
function groupKey(runId: string, model: string | undefined, context: string | undefined, hasMeta: boolean): string {
  if (hasMeta && model !== undefined && context !== undefined) return `${model} @${context}`;
  return splitSeed(runId).base;
}

function textsOf(run: LoadedRun): string | undefined {
  const protocol = run.meta?.options?.protocol;
  if (protocol === undefined) return undefined;
  return protocol.status === "published" ? "published" : protocol.summary ?? "custom";
}

function countsOf(run: LoadedRun) {
  const r = run.report;
  const notEvaluated = run.instances.filter((i) => i.outcome !== "empty" && i.outcome !== "not_submitted" && !i.hasReport && i.result?.status !== "error" && !isRolloutError(i)).length;
  return {
    total: r.total_instances, submitted: r.submitted_instances, completed: r.completed_instances,
    resolved: r.resolved_instances, unresolved: r.unresolved_instances, empty: r.empty_patch_instances,
    error: r.error_instances,
    /** No prediction (the official "incomplete"). */
    notSubmitted: r.incomplete_ids.length,
    /** Submitted, not empty, never evaluated. */
    notEvaluated,
  };
}

/** Agent-side figures; undefined parts when no trajectory recorded them. */
function agentStats(instances: readonly RunInstance[]) {
  const trajs = instances.flatMap((i) => (i.trajectory === undefined ? [] : [i.trajectory]));
  const exitStatuses: Record<string, number> = {};
  const leakAttempts = instances.flatMap((i) => (i.trajectory === undefined || i.trajectory.leakAttempts.length === 0 ? [] : [`${i.id} (${i.trajectory.leakAttempts.join(", ")})`]));
  for (const t of trajs) {
    const key = t.exitStatus ?? "unknown";
    exitStatuses[key] = (exitStatuses[key] ?? 0) + 1;
  }
  return {
    trajectories: trajs.length,
    promptTokens: distribution(trajs.map((t) => t.promptTokens)),
    completionTokens: distribution(trajs.map((t) => t.completionTokens)),
    steps: distribution(trajs.map((t) => t.steps)),
    wallTimeS: distribution(trajs.map((t) => t.wallTimeS)),
    exitStatuses,
    /** Instances whose agent tried to reach the future, each with what it ran (leak scan). */
    leakAttempts,
  };
}

function evalSeconds(instance: RunInstance): number | undefined {
  const started = Date.parse(instance.result?.started_at ?? "");
  const finished = Date.parse(instance.result?.finished_at ?? "");
  if (instance.outcome === "empty" || Number.isNaN(started) || Number.isNaN(finished)) return undefined;
  return (finished - started) / 1000;
}
