import { basename } from "node:path";
import { z } from "zod";
import { SeraBenchError } from "../../util/errors.ts";

/**
 * A recorded trajectory as a list of replayable steps, from either format:
 *   - sera-bench's `trajs/<id>.traj.json`: each model reply's tool calls, and what followed them
 *     (the tool result, or the re-query message);
 *   - SWE-agent's `<id>.traj`: each step's `action` (the command string) and raw `observation`.
 */
export type RecordedStep =
  | { readonly index: number; readonly kind: "calls"; readonly calls: readonly { id: string; name: string; arguments: string }[]; readonly expected: Expected }
  | { readonly index: number; readonly kind: "action"; readonly action: string; readonly expected: Expected };

/** What the step produced when it was recorded. */
export type Expected =
  | { readonly kind: "observation"; readonly text: string }
  | { readonly kind: "submitted"; readonly text: string }
  | { readonly kind: "requery"; readonly text: string; readonly reason: string }
  | { readonly kind: "exit"; readonly text: string }
  /**
   * SWE-agent's `observation`: the raw output, the patch for the final submit, "Exited", or "" for
   * an action that was not run (blocked, bash syntax error) as for one that printed nothing.
   */
  | { readonly kind: "raw"; readonly text: string };

export interface RecordedTrajectory {
  readonly format: "sera-bench" | "swe-agent";
  readonly instanceId: string | undefined;
  /** The agent config the run used (sera-bench trajectories record it). */
  readonly agentConfig: string | undefined;
  readonly steps: readonly RecordedStep[];
}

const toolCallSchema = z.object({ id: z.string(), name: z.string(), arguments: z.string() });
const oursSchema = z.object({
  format: z.literal("sera-bench.traj/1"),
  instance_id: z.string(),
  agent_config: z.object({ name: z.string(), source: z.string().optional(), kind: z.string().optional() }).optional(),
  steps: z.array(z.looseObject({ kind: z.string() })),
});
const modelStepSchema = z.looseObject({ kind: z.literal("model"), tool_calls: z.array(toolCallSchema) });
const toolStepSchema = z.looseObject({
  kind: z.literal("tool"),
  result: z.looseObject({ kind: z.string(), message: z.string().optional(), observation: z.string().optional(), action: z.string().optional() }),
});
const requerySchema = z.looseObject({ kind: z.literal("requery"), reason: z.string(), message: z.string() });
const sweAgentSchema = z.object({
  trajectory: z.array(z.looseObject({ action: z.string().default(""), observation: z.string().nullish() })),
  replay_config: z.string().nullish(),
});

export function readRecorded(json: unknown, path: string): RecordedTrajectory {
  if (typeof json === "object" && json !== null && "format" in json) return fromOurs(json, path);
  const parsed = sweAgentSchema.safeParse(json);
  if (!parsed.success) throw new SeraBenchError(`${path}: neither a sera-bench trajectory (format "sera-bench.traj/1") nor a SWE-agent .traj (a "trajectory" list of {action, observation}):\n${z.prettifyError(parsed.error)}`);
  const steps: RecordedStep[] = [];
  parsed.data.trajectory.forEach((step, index) => {
    if (step.action.trim() === "") return;
    steps.push({ index: index + 1, kind: "action", action: step.action, expected: { kind: "raw", text: step.observation ?? "" } });
  });
  return { format: "swe-agent", instanceId: sweAgentInstanceId(parsed.data.replay_config, path), agentConfig: undefined, steps };
}

function fromOurs(json: unknown, path: string): RecordedTrajectory {
  const parsed = oursSchema.safeParse(json);
  if (!parsed.success) throw new SeraBenchError(`${path}: not a sera-bench trajectory:\n${z.prettifyError(parsed.error)}`);
  const all = parsed.data.steps;
  if (parsed.data.agent_config?.kind === "mini-swe-agent") return { format: "sera-bench", instanceId: parsed.data.instance_id, agentConfig: parsed.data.agent_config.source, steps: miniActions(all) };
  const steps: RecordedStep[] = [];
  all.forEach((raw, i) => {
    const model = modelStepSchema.safeParse(raw);
    if (!model.success) return;
    const next = all.slice(i + 1).find((s) => s.kind === "tool" || s.kind === "requery" || s.kind === "model");
    const expected = next === undefined ? undefined : expectedOf(next);
    if (expected !== undefined) steps.push({ index: steps.length + 1, kind: "calls", calls: model.data.tool_calls, expected });
  });
  return { format: "sera-bench", instanceId: parsed.data.instance_id, agentConfig: parsed.data.agent_config?.source ?? parsed.data.agent_config?.name, steps };
}

/** mini-swe-agent's rollouts: each command it ran, and the text the model got back (the observation, the time-out text, the submission). */
function miniActions(all: readonly { kind: string }[]): RecordedStep[] {
  const steps: RecordedStep[] = [];
  for (const raw of all) {
    const tool = toolStepSchema.safeParse(raw);
    if (!tool.success || tool.data.result.action === undefined) continue;
    const r = tool.data.result;
    steps.push({ index: steps.length + 1, kind: "action", action: r.action ?? "", expected: { kind: "raw", text: (r.kind === "submitted" ? r.observation : r.message) ?? "" } });
  }
  return steps;
}

/** The outcome recorded after a model reply; undefined when nothing reproducible followed (a malformed call, the end). */
function expectedOf(step: { kind: string }): Expected | undefined {
  const requery = requerySchema.safeParse(step);
  if (requery.success) return requery.data.reason === "malformed" ? undefined : { kind: "requery", text: requery.data.message, reason: requery.data.reason };
  const tool = toolStepSchema.safeParse(step);
  if (!tool.success) return undefined;
  const r = tool.data.result;
  if (r.kind === "observation") return { kind: "observation", text: r.message ?? "" };
  if (r.kind === "submitted") return { kind: "submitted", text: r.observation ?? "" };
  if (r.kind === "exit") return { kind: "exit", text: r.message ?? "Exited" };
  return undefined;
}

/** SWE-agent names trajectories <instance_id>.traj; its replay_config records the problem statement id too. */
function sweAgentInstanceId(replayConfig: string | null | undefined, path: string): string | undefined {
  try {
    const id = (JSON.parse(replayConfig ?? "null") as { problem_statement?: { id?: unknown } } | null)?.problem_statement?.id;
    if (typeof id === "string" && id !== "") return id;
  } catch {
    // not JSON: fall back to the file name
  }
  const name = basename(path).replace(/\.traj(\.json)?$/, "");
  return name === basename(path) ? undefined : name;
}
