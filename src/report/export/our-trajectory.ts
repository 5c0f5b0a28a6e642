/**
 * A sera-bench trajectory (`trajs/<id>.traj.json`, format "sera-bench.traj/1", written by
 * agent/trajectory.ts) read for export: the run folder's trajectory schema (run/files/schemas.ts)
 * keeps `steps` and `history` opaque; here each step kind and each message is read with its fields.
 * A step of a kind this version does not know is kept as "other" (and exported as a system note).
 */
import { z } from "zod";
import { readTrajectory, trajectoryPath } from "../run/trajectory.ts";
import { RunFolderError } from "../run/errors.ts";

const toolCall = z.object({ id: z.string(), name: z.string(), arguments: z.string() });
const at = z.string();

export const modelStepSchema = z.looseObject({
  kind: z.literal("model"), at, content: z.string(), reasoning: z.string().optional(), tool_calls: z.array(toolCall),
  finish_reason: z.string(), prompt_tokens: z.number(), completion_tokens: z.number(), latency_ms: z.number().optional(),
  request_id: z.string().optional(), cached_prompt_tokens: z.number().optional(),
});
const toolResult = z.looseObject({
  kind: z.string(), action: z.string().optional(), message: z.string().optional(), output: z.string().optional(),
  observation: z.string().optional(), exitCode: z.number().nullable().optional(), durationMs: z.number().optional(), timedOut: z.boolean().optional(),
});
export const toolStepSchema = z.looseObject({ kind: z.literal("tool"), at, call: toolCall, result: toolResult });
export const requeryStepSchema = z.looseObject({ kind: z.literal("requery"), at, reason: z.string(), message: z.string() });
const otherStepSchema = z.looseObject({ kind: z.string(), at: z.string().optional() });

export type ModelStep = z.infer<typeof modelStepSchema>;
export type ToolStep = z.infer<typeof toolStepSchema>;
export type RequeryStep = z.infer<typeof requeryStepSchema>;
export type OtherStep = z.infer<typeof otherStepSchema>;
export type OurStep = ModelStep | ToolStep | RequeryStep | OtherStep;

const messageSchema = z.object({
  role: z.enum(["system", "user", "assistant", "tool"]), content: z.string().nullable().transform((c) => c ?? ""),
  tool_calls: z.array(toolCall).optional(), tool_call_id: z.string().optional(), reasoning: z.string().optional(),
});
export type OurMessage = z.infer<typeof messageSchema>;

export const ourTrajectorySchema = z.object({
  format: z.literal("sera-bench.traj/1"),
  instance_id: z.string(), run_id: z.string(), model: z.string(), context_tokens: z.number().optional(),
  agent_config: z.object({ name: z.string(), source: z.string().optional(), sha256: z.string().optional(), protocol: z.string().optional() }).optional(),
  started_at: z.string().optional(), finished_at: z.string().nullable().optional(), wall_time_s: z.number().optional(),
  info: z.object({
    exit_status: z.string().nullable(), exit_message: z.string().nullable().optional(), submission: z.string().nullable(),
    model_stats: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), api_calls: z.number() }),
  }),
  history: z.array(messageSchema),
  steps: z.array(z.unknown()),
});
export type OurTrajectory = Omit<z.infer<typeof ourTrajectorySchema>, "steps"> & { readonly steps: readonly OurStep[] };

/** One step with the schema of its kind; a kind this reader does not know stays generic. */
function readStep(raw: unknown, path: string, index: number): OurStep {
  const kind = (raw as { kind?: unknown } | null)?.kind;
  const schema = kind === "model" ? modelStepSchema : kind === "tool" ? toolStepSchema : kind === "requery" ? requeryStepSchema : otherStepSchema;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new RunFolderError(`${path}: step ${index + 1} (${String(kind)}) is not a sera-bench trajectory step:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The trajectory of one instance of a run, with its step log applied; undefined when there is none. */
export async function readOurTrajectory(runDir: string, instanceId: string): Promise<OurTrajectory | undefined> {
  const loose = await readTrajectory(runDir, instanceId);
  if (loose === undefined) return undefined;
  const path = trajectoryPath(runDir, instanceId);
  const parsed = ourTrajectorySchema.safeParse(loose);
  if (!parsed.success) throw new RunFolderError(`${path}: not a sera-bench trajectory (format "sera-bench.traj/1"):\n${z.prettifyError(parsed.error)}`);
  return { ...parsed.data, steps: parsed.data.steps.map((step, i) => readStep(step, path, i)) };
}

export const isModelStep = (step: OurStep): step is ModelStep => step.kind === "model";
export const isToolStep = (step: OurStep): step is ToolStep => step.kind === "tool";
export const isRequeryStep = (step: OurStep): step is RequeryStep => step.kind === "requery";
