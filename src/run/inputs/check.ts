import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { stepLogPath } from "../../agent/trajectory-log.ts";
import { isErrorStatus } from "../../agent/types.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { readFinishedRollout } from "../jobs/agent-done.ts";
import { changedFields, instanceInputsPath, readInstanceInputs } from "../files/instance-inputs.ts";
import type { ChangedField, InstanceInputs } from "../files/instance-inputs.ts";
import type { RunLayout } from "../layout.ts";
import type { LegacyInputs } from "./legacy.ts";

export interface InputsCheck {
  readonly runId: string;
  readonly layout: RunLayout;
  /** The run's instance set (every instance whose results the reports cover). */
  readonly instanceIds: readonly string[];
  /** What this invocation works on. */
  readonly selectedIds: readonly string[];
  /** This invocation's inputs of an instance. */
  current(id: string): InstanceInputs;
  /** Runs written before the records: run.json's inputs. */
  readonly legacy: LegacyInputs;
  readonly redo: boolean;
  readonly redoChanged: boolean;
  readonly onNotice: (line: string) => void;
}

interface Changed {
  readonly id: string;
  readonly fields: readonly ChangedField[];
  /** The rollout changed: its outputs go, and the evaluation of its patch with them. */
  readonly rollout: boolean;
}

/**
 * A run id is one experiment: every instance with results on disk must have been produced by this
 * invocation's inputs. Instances whose inputs differ are refused (exit 1, naming them and the
 * fields), or with --redo-changed (or --redo, when they are all selected) their stale outputs are
 * removed here, before anything else is written, so they run again and the folder never mixes.
 */
export async function checkRunInputs(check: InputsCheck): Promise<void> {
  const changed: Changed[] = [];
  let legacy = 0;
  for (const id of check.instanceIds) {
    const found = await changedInstance(check, id);
    if (found.legacy) legacy++;
    if (found.changed !== undefined) changed.push(found.changed);
  }
  if (legacy > 0) check.onNotice(`run ${check.runId} has results from before per-instance input records (${legacy} instance(s)): taking what its run.json says as their inputs`);
  if (changed.length === 0) return;
  const selected = new Set(check.selectedIds);
  const redoCovers = check.redo && changed.every((c) => selected.has(c.id));
  if (!check.redoChanged && !redoCovers) throw new SeraBenchError(refusal(check.runId, changed));
  for (const c of changed) await removeOutputs(check.layout, c);
  const outside = changed.filter((c) => !selected.has(c.id)).length;
  check.onNotice(
    `run ${check.runId}: redoing ${changed.length} instance(s) whose inputs changed (${listIds(changed)}): their earlier results are removed` +
      (outside > 0 ? `; ${outside} of them are outside this selection and stay without results until selected` : ""),
  );
}

async function changedInstance(check: InputsCheck, id: string): Promise<{ changed?: Changed; legacy: boolean }> {
  const now = check.current(id);
  // Results a resume keeps: a rollout that did not end in an error, an evaluation with its report.json
  // (errors are never final: every re-run retries them, with this invocation's inputs).
  const rollout = now.rollout === undefined ? undefined : await readFinishedRollout(check.layout, id);
  const rolloutOut = rollout !== undefined && !isErrorStatus(rollout.status);
  const evaluationOut = now.evaluation !== undefined && existsSync(check.layout.instanceFile(id, "report.json"));
  if (!rolloutOut && !evaluationOut) return { legacy: false };
  const recorded = await readInstanceInputs(check.layout.runDir, id);
  const old = recorded ?? check.legacy(id);
  const isLegacy = recorded === undefined;
  if (old === undefined) {
    const fields = [{ field: "inputs", old: "(not recorded: no run.json)", new: "this invocation's" }];
    return { changed: { id, fields, rollout: rolloutOut }, legacy: false };
  }
  // A legacy run.json that does not say a field: not compared.
  const keep = (field: ChangedField) => !isLegacy || field.old !== undefined;
  const rolloutFields = rolloutOut ? changedFields("rollout", old.rollout, now.rollout).filter(keep) : [];
  const evaluationFields = evaluationOut ? changedFields("evaluation", old.evaluation, now.evaluation).filter(keep) : [];
  const fields = [...rolloutFields, ...evaluationFields];
  return { ...(fields.length > 0 ? { changed: { id, fields, rollout: rolloutFields.length > 0 } } : {}), legacy: isLegacy };
}

/** The instance's outputs made by the old inputs: its evaluation (logs/<id>/), its rollout when that changed, its record. */
async function removeOutputs(layout: RunLayout, changed: Changed): Promise<void> {
  const { id } = changed;
  if (changed.rollout) {
    for (const path of [layout.prediction(id), layout.trajectory(id), stepLogPath(layout.trajectory(id))]) await rm(path, { force: true });
  }
  await rm(layout.instanceDir(id), { recursive: true, force: true });
  await rm(instanceInputsPath(layout.runDir, id), { force: true });
}

function refusal(runId: string, changed: readonly Changed[]): string {
  const groups = new Map<string, number>();
  for (const c of changed) {
    for (const f of c.fields) {
      const line = `${f.field}: ${show(f.old)} -> ${show(f.new)}`;
      groups.set(line, (groups.get(line) ?? 0) + 1);
    }
  }
  const shown = [...groups].slice(0, 12).map(([line, n]) => `  ${line}${changed.length > 1 ? ` (${n} instance${n === 1 ? "" : "s"})` : ""}`);
  if (groups.size > 12) shown.push(`  ... and ${groups.size - 12} more difference(s)`);
  return [
    `run ${runId} holds results made with other inputs for ${changed.length} instance(s): ${listIds(changed)}`,
    ...shown,
    `A run id is one experiment: use a new --run-id for these inputs, or --redo-changed to redo exactly these instances in run ${runId} (--redo redoes every selected instance).`,
  ].join("\n");
}

function listIds(changed: readonly Changed[]): string {
  const first = changed.slice(0, 3).map((c) => c.id).join(", ");
  return changed.length > 3 ? `${first} (and ${changed.length - 3} more)` : first;
}

function show(value: unknown): string {
  if (value === undefined) return "(none)";
  if (typeof value === "string" && /^[0-9a-f]{64}$/.test(value)) return value.slice(0, 12);
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
