/** What a leaderboard submission must satisfy (pure): each problem names what is wrong and where. */
import { preview } from "../run/load.ts";
import type { LoadedRun } from "../run/types.ts";

export type Attempts = "1" | "2+";

export interface SubmissionCheck {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

export function validateSubmission(run: LoadedRun, verifiedIds: readonly string[], attempts: Attempts): SubmissionCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (run.modelNames.length !== 1) errors.push(`predictions.jsonl: expected one model_name_or_path, found ${run.modelNames.length}: ${run.modelNames.join(", ")}`);
  if (run.duplicatePredictionIds.length > 0) errors.push(`predictions.jsonl: duplicate instance ids: ${preview(run.duplicatePredictionIds)}`);
  const predicted = new Set(run.report.submitted_ids);
  const verified = new Set(verifiedIds);
  const absent = verifiedIds.filter((id) => !predicted.has(id));
  const extra = [...predicted].filter((id) => !verified.has(id)).sort();
  if (absent.length > 0) errors.push(`expected all ${verifiedIds.length} SWE-bench Verified instances; ${absent.length} have no prediction: ${preview(absent)}`);
  if (extra.length > 0) errors.push(`${extra.length} prediction(s) are not SWE-bench Verified instances: ${preview(extra)}`);
  if (run.incomplete.length > 0) errors.push(`run ${run.id} is incomplete: ${run.incomplete.join("; ")}`);
  const declared = run.meta?.attempts;
  if (attempts === "1" && declared !== undefined && Number(declared) !== 1) {
    errors.push(`run.json records attempts = ${String(declared)}: a pass@1 submission needs one attempt per instance (declare --attempts 2+ for best-of-k)`);
  }
  const noTraj = run.instances.filter((i) => i.trajectory === undefined).length;
  if (noTraj > 0) warnings.push(`${noTraj} instance(s) have no trajectory in trajs/ (the leaderboard requires reasoning traces for agents)`);
  return { errors, warnings };
}
