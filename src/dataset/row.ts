import { z } from "zod";
import { safeInstanceId } from "./instance-id.ts";

/**
 * One SWE-bench row, validated once at the edge. The hub stores FAIL_TO_PASS / PASS_TO_PASS as
 * JSON-encoded strings; local JSON files may carry real arrays. Both become string arrays here.
 * The v5-era columns (eval_script, log_parser, eval_type, image) are optional.
 */
const testList = z.union([z.array(z.string()), z.string()]).transform((value, ctx) => {
  if (Array.isArray(value)) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) return parsed as string[];
  } catch {
    // fall through to the issue below
  }
  ctx.addIssue({ code: "custom", message: "expected a list of test names or a JSON string encoding one" });
  return z.NEVER;
});

const optionalText = z.string().nullish().transform((value) => value ?? undefined);

export const instanceRowSchema = z.object({
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "expected owner/name"),
  instance_id: safeInstanceId,
  base_commit: z.string().regex(/^[0-9a-f]{40}$/, "expected a 40-hex commit sha"),
  patch: z.string(),
  test_patch: z.string(),
  problem_statement: z.string().default(""),
  hints_text: z.string().nullish().transform((value) => value ?? ""),
  created_at: z.string().default(""),
  version: z.string(),
  FAIL_TO_PASS: testList.default([]),
  PASS_TO_PASS: testList.default([]),
  environment_setup_commit: z.string().default(""),
  difficulty: optionalText,
  eval_script: optionalText,
  log_parser: optionalText,
  eval_type: optionalText,
  image: optionalText,
});

export type Instance = z.output<typeof instanceRowSchema>;
