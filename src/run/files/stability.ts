import { join } from "node:path";
import { z } from "zod";
import type { InstanceFiles } from "../../evaluation/evaluate-instance.ts";
import { readJsonIfValid } from "../../util/json-file.ts";
import { INSTANCE_STATUSES } from "../../evaluation/outcome.ts";
import type { InstanceStatus } from "../../evaluation/outcome.ts";
import type { OfficialInstanceReport } from "./schemas.ts";

/**
 * `eval --repeat N`: the same prediction evaluated N times, each in a fresh container. Evaluation 1
 * is the official one (logs/<id>/), evaluation k >= 2 lives in logs/<id>/repeats/<k>/; once all N
 * are done, logs/<id>/stability.json says whether the verdict held.
 *   stable   every evaluation gave the same verdict
 *   flaky    the verdicts differ (`flipped_tests`: the graded tests whose status changed)
 *   unknown  some repeat ended in an error and the others agree (the next invocation retries it)
 */
export const STABILITIES = ["stable", "flaky", "unknown"] as const;
export type Stability = (typeof STABILITIES)[number];

/** A graded test whose status changed between evaluations: where it passed and failed (1 = the official one). */
export const flippedTestSchema = z.looseObject({
  test: z.string(),
  /** The official report's bucket: FAIL_TO_PASS, PASS_TO_PASS, ... */
  bucket: z.string(),
  passed_in: z.array(z.number().int().min(1)),
  failed_in: z.array(z.number().int().min(1)),
});
export type FlippedTest = z.infer<typeof flippedTestSchema>;

/** `logs/<id>/stability.json`: written by the eval job after the last repeat, read by reports. */
export const instanceStabilitySchema = z.looseObject({
  instance_id: z.string(),
  repeats: z.number().int().min(1),
  /** The verdict of evaluation k at index k - 1. */
  verdicts: z.array(z.enum(INSTANCE_STATUSES)),
  stability: z.enum(STABILITIES),
  flipped_tests: z.array(flippedTestSchema),
  written_at: z.string(),
});
export type InstanceStability = z.infer<typeof instanceStabilitySchema>;

export interface EvaluationRecord {
  readonly status: InstanceStatus;
  /** The evaluation's report.json, when it has one. */
  readonly report: OfficialInstanceReport | undefined;
}

/** What N evaluations of one prediction say together (pure). */
export function assessStability(instanceId: string, evaluations: readonly EvaluationRecord[], now = new Date()): InstanceStability {
  const verdicts = evaluations.map((e) => e.status);
  const graded = new Set(verdicts.filter((v) => v === "resolved" || v === "unresolved"));
  const errors = verdicts.length - verdicts.filter((v) => v === "resolved" || v === "unresolved").length;
  const stability: Stability = graded.size > 1 ? "flaky" : errors > 0 ? "unknown" : "stable";
  return {
    instance_id: instanceId, repeats: evaluations.length, verdicts, stability,
    flipped_tests: flippedTests(instanceId, evaluations), written_at: now.toISOString(),
  };
}

function flippedTests(instanceId: string, evaluations: readonly EvaluationRecord[]): FlippedTest[] {
  const seen = new Map<string, { test: string; bucket: string; passed_in: number[]; failed_in: number[] }>();
  evaluations.forEach((evaluation, index) => {
    const buckets = evaluation.report?.[instanceId]?.tests_status ?? {};
    for (const [bucket, status] of Object.entries(buckets)) {
      for (const [list, tests] of [["passed_in", status.success], ["failed_in", status.failure]] as const) {
        for (const test of tests) {
          const key = `${bucket}\u0000${test}`;
          const entry = seen.get(key) ?? { test, bucket, passed_in: [], failed_in: [] };
          entry[list].push(index + 1);
          seen.set(key, entry);
        }
      }
    }
  });
  return [...seen.values()].filter((entry) => entry.passed_in.length > 0 && entry.failed_in.length > 0);
}

export function stabilityPath(layout: Pick<InstanceFiles, "instanceDir">, id: string): string {
  return join(layout.instanceDir(id), "stability.json");
}

export function readStability(layout: Pick<InstanceFiles, "instanceDir">, id: string): Promise<InstanceStability | undefined> {
  return readJsonIfValid(stabilityPath(layout, id), instanceStabilitySchema);
}
