import { z } from "zod";
import { strictVerdictSchema, verdictSchema } from "../grading/types.ts";

/** What one instance's evaluation produced: data written to `logs/<id>/result.json` and instances.csv. */
export const INSTANCE_STATUSES = ["resolved", "unresolved", "error", "empty"] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/**
 * The named steps of one evaluation, in order: host files, image, container, copy in, patch, the
 * eval script (with the diff before it), the diffs read back, why a container stopped (only then),
 * grading, removal. Wall time minus their sum is what no phase names.
 */
export const PHASES = ["prepare", "pull", "create", "copy", "apply", "eval", "diff", "check", "grade", "remove"] as const;
export type Phase = (typeof PHASES)[number];
export type PhaseTimings = Partial<Record<Phase, number>>;

/**
 * `logs/<id>/result.json`: the writer's type and every reader's schema (fields a newer writer adds
 * are kept and ignored).
 */
export const instanceResultSchema = z.looseObject({
  instance_id: z.string(),
  status: z.enum(INSTANCE_STATUSES),
  /** Why an instance is an error; absent otherwise. */
  error: z.string().optional(),
  /** Where the error came from, when it was a step of the engine (`pull`: the image could not be had); absent otherwise. */
  error_phase: z.enum(PHASES).optional(),
  image: z.string().optional(),
  apply_method: z.string().optional(),
  /** The official verdict (v4.1.0 semantics): the headline. */
  v4: verdictSchema.optional(),
  /** The stricter verdict (v5 grading plus exploit checks). */
  strict: strictVerdictSchema.optional(),
  verdicts_disagree: z.boolean(),
  test_output_truncated: z.boolean(),
  timings_ms: z.partialRecord(z.enum(PHASES), z.number()),
  started_at: z.string(),
  finished_at: z.string(),
});
export type InstanceResult = z.infer<typeof instanceResultSchema>;
