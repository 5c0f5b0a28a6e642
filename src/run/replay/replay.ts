import type { Instance } from "../../dataset/row.ts";
import type { Sandbox } from "../../sandbox/types.ts";
import type { AnyAgentConfig, MiniAgentConfig } from "../../protocol/schema.ts";
import { isMiniConfig } from "../../protocol/schema.ts";
import { runMiniCommand, submissionOf } from "../../agent/mini/shell.ts";
import { renderObservation, renderTimeoutV1 } from "../../agent/mini/texts.ts";
import { startAgentContainer } from "../jobs/rollout.ts";
import type { RolloutContext } from "../jobs/rollout.ts";
import { toolsConfig } from "../../agent/toolkit.ts";
import { SweAgentTools } from "../../tools/swe-agent-tools.ts";
import type { ToolStepResult } from "../../tools/swe-agent-tools.ts";
import type { Expected, RecordedStep, RecordedTrajectory } from "./recorded.ts";

export interface StepReport {
  readonly index: number;
  /** The call or action, shortened, for the report. */
  readonly label: string;
  readonly status: "same" | "differs" | "not_replayed";
  readonly expected?: string;
  readonly actual?: string;
  /** 1-based line of the first difference, with both lines. */
  readonly firstDifference?: { readonly line: number; readonly expected: string; readonly actual: string };
}

export type ReplayContext = Pick<RolloutContext, "engine" | "runId" | "labels" | "limitsContainer"> & {
  /** Aborted (Ctrl-C): no further step runs; the container is still removed. */
  readonly signal?: AbortSignal;
};

/**
 * Re-runs a recorded trajectory's tool calls in a fresh container of the instance image, in order,
 * and says step by step whether the observation is the recorded one (SWE-agent's run-replay, as a
 * check of an environment or tool change against a known-good run).
 */
export async function replayTrajectory(
  recorded: RecordedTrajectory, instance: Instance, image: string, config: AnyAgentConfig, ctx: ReplayContext,
  onStep: (report: StepReport) => void = () => undefined,
): Promise<StepReport[]> {
  if (isMiniConfig(config)) return replayMini(recorded, instance, image, config, ctx, onStep);
  let sandbox: Sandbox | undefined;
  let tools: SweAgentTools | undefined;
  const reports: StepReport[] = [];
  try {
    sandbox = await startAgentContainer(instance, image, ctx);
    tools = await SweAgentTools.start(sandbox, { ...toolsConfig(config), problemStatement: instance.problem_statement });
    let stopped: string | undefined;
    for (const step of recorded.steps) {
      if (ctx.signal?.aborted === true) stopped ??= "interrupted";
      const report = stopped === undefined ? await replayStep(tools, step) : { index: step.index, label: labelOf(step), status: "not_replayed" as const, actual: stopped };
      if (report.status === "differs" && report.actual?.startsWith("error: ") === true) stopped = "an earlier step failed";
      reports.push(report);
      onStep(report);
    }
  } finally {
    tools?.close();
    await sandbox?.remove().catch(() => undefined);
  }
  return reports;
}

/** mini-swe-agent's commands, each in a new shell as mini runs them; the text the model got is compared. */
async function replayMini(
  recorded: RecordedTrajectory, instance: Instance, image: string, config: MiniAgentConfig, ctx: ReplayContext, onStep: (report: StepReport) => void,
): Promise<StepReport[]> {
  let sandbox: Sandbox | undefined;
  const reports: StepReport[] = [];
  const p = config.mini;
  const counters = { calls: 0, cost: 0 };
  try {
    sandbox = await startAgentContainer(instance, image, ctx);
    for (const step of recorded.steps) {
      const label = labelOf(step);
      const expected = expectedText(step.expected);
      if (step.kind !== "action" || ctx.signal?.aborted === true) {
        reports.push({ index: step.index, label, status: "not_replayed", actual: step.kind === "action" ? "interrupted" : "not a mini-swe-agent action" });
        onStep(reports.at(-1)!);
        continue;
      }
      const output = await runMiniCommand(sandbox, p, step.action);
      const actual = submissionOf(p, output) ??
        (output.timedOut && p.major === "1" ? renderTimeoutV1(p, instance, counters, step.action, output.output, "") : renderObservation(p, instance, counters, output, step.action));
      const report: StepReport = actual === expected
        ? { index: step.index, label, status: "same", expected, actual }
        : { index: step.index, label, status: "differs", expected, actual, firstDifference: firstDifference(expected, actual) };
      reports.push(report);
      onStep(report);
    }
  } finally {
    await sandbox?.remove().catch(() => undefined);
  }
  return reports;
}

async function replayStep(tools: SweAgentTools, step: RecordedStep): Promise<StepReport> {
  const result = step.kind === "calls" ? await tools.execute(step.calls) : await tools.executeAction(step.action);
  const actual = actualOf(result, step.kind);
  const expected = expectedText(step.expected);
  const base = { index: step.index, label: labelOf(step), expected, actual };
  if (actual === expected) return { ...base, status: "same" };
  return { ...base, status: "differs", firstDifference: firstDifference(expected, actual) };
}

/**
 * What the model got back, in the form the trajectory recorded it: ours, the kind and the templated
 * message; SWE-agent's, the step's `observation` (raw output, the patch, "Exited", or "" when not run).
 */
function actualOf(result: ToolStepResult, kind: RecordedStep["kind"]): string {
  if (kind === "action") {
    if (result.kind === "observation") return result.output;
    if (result.kind === "submitted") return result.observation;
    if (result.kind === "requery") return "";
    if (result.kind === "exit") return result.message;
    return `error: ${result.message}`;
  }
  switch (result.kind) {
    case "observation":
      return `observation: ${result.message}`;
    case "submitted":
      return `submitted: ${result.observation}`;
    case "requery":
      return `requery: ${result.message}`;
    case "exit":
      return `exit: ${result.message}`;
    case "error":
      return `error: ${result.message}`;
  }
}

function expectedText(expected: Expected): string {
  return expected.kind === "raw" ? expected.text : `${expected.kind}: ${expected.text}`;
}

function labelOf(step: RecordedStep): string {
  const text = step.kind === "action" ? step.action : step.calls.map((c) => `${c.name} ${c.arguments}`).join(" + ") || "(no tool call)";
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

function firstDifference(expected: string, actual: string): { line: number; expected: string; actual: string } {
  const a = expected.split("\n");
  const b = actual.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return { line: i + 1, expected: a[i] ?? "(end)", actual: b[i] ?? "(end)" };
}
