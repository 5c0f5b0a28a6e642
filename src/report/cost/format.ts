/** A run's cost as text: figure rows (console, markdown, cost.csv share them) and the GPU/dollar lines. */
import { UNKNOWN, type Figure, type RunCost } from "./summary.ts";

export type Unit = "tokens" | "calls" | "s" | "GPU-h" | "h" | "USD";

export interface FigureRow {
  readonly figure: string;
  readonly unit: Unit;
  readonly total: Figure;
  /** Total / resolved instances; unknown when nothing resolved. */
  readonly perResolved: Figure | undefined;
}

/** The figures of a run, in the order every output lists them. */
export function figureRows(cost: RunCost): FigureRow[] {
  const t = cost.totals;
  const p = cost.perResolved;
  return [
    { figure: "model calls", unit: "calls", total: t.modelCalls, perResolved: p.modelCalls },
    { figure: "tokens (prompt + completion)", unit: "tokens", total: t.tokens, perResolved: p.tokens },
    { figure: "prompt tokens", unit: "tokens", total: t.promptTokens, perResolved: p.promptTokens },
    { figure: "cached prompt tokens", unit: "tokens", total: t.cachedPromptTokens, perResolved: undefined },
    { figure: "completion tokens", unit: "tokens", total: t.completionTokens, perResolved: p.completionTokens },
    { figure: "time in model calls", unit: "s", total: t.modelS, perResolved: undefined },
    { figure: "time in tool calls", unit: "s", total: t.toolS, perResolved: undefined },
    { figure: "time in evaluation", unit: "s", total: t.evalS, perResolved: undefined },
    { figure: "wall time (rollout + evaluation)", unit: "s", total: t.wallS, perResolved: p.wallS },
    { figure: "model server busy", unit: "h", total: cost.gpu.busyHours, perResolved: undefined },
    { figure: "GPU-hours", unit: "GPU-h", total: cost.gpu.gpuHours, perResolved: p.gpuHours },
    { figure: "USD from GPU-hours", unit: "USD", total: cost.gpu.usd, perResolved: p.gpuUsd },
    { figure: "USD from token prices", unit: "USD", total: cost.tokenPrice.usd, perResolved: p.tokenUsd },
  ];
}

/** "1,234 tokens", "12.3 s", "0.0123 GPU-h", "$1.23"; "unknown" for an unknown figure. */
export function formatFigure(value: Figure | undefined, unit: Unit): string {
  if (value === undefined) return "";
  if (value === UNKNOWN) return UNKNOWN;
  switch (unit) {
    case "USD":
      return `$${value < 1 ? value.toPrecision(3) : value.toFixed(2)}`;
    case "GPU-h":
    case "h":
      return `${value < 1 ? value.toPrecision(3) : value.toFixed(2)} ${unit}`;
    case "s":
      return `${value.toFixed(1)} s`;
    default:
      // tokens, calls: the figure's name says what is counted.
      return Math.round(value).toLocaleString("en-US");
  }
}

/** How the GPU and dollar figures were made, or why they are unknown. */
export function costNotes(cost: RunCost): string[] {
  const g = cost.gpu;
  const notes: string[] = [];
  notes.push(g.gpuHours === UNKNOWN
    ? `GPU-hours unknown (${g.gpus === UNKNOWN ? "no --gpus" : "no model call times in the trajectories"}); ${g.formula}`
    : `GPU-hours ${formatFigure(g.gpuHours, "GPU-h")} = ${g.gpus} GPU(s) × ${formatFigure(g.busyHours, "h")} with a model request in flight; ${g.formula}`);
  if (g.usd !== UNKNOWN) notes.push(`USD from GPU-hours: ${formatFigure(g.gpuHours, "GPU-h")} × $${String(g.gpuHourUsd)}/GPU-hour = ${formatFigure(g.usd, "USD")}`);
  const t = cost.tokenPrice;
  if (t.usd !== UNKNOWN && t.price !== UNKNOWN) {
    notes.push(`USD from token prices (per million: input $${t.price.input}, cached $${t.price.cached}, output $${t.price.output}) = ${formatFigure(t.usd, "USD")}; ${t.formula}${t.note === undefined ? "" : ` (${t.note})`}`);
  }
  if (g.usd === UNKNOWN && t.usd === UNKNOWN) notes.push("USD unknown: no price given (--gpu-hour-usd or --price, here or recorded by run)");
  if (cost.totals.tokensSource === "counted" || cost.totals.tokensSource === "mixed") {
    notes.push(`tokens ${cost.totals.tokensSource}: the server sent no usage for some calls; prompt tokens are our count, completion tokens an estimate (4 characters a token)`);
  }
  return notes;
}

/** "2 unresolved instance(s) used 1,234 tokens (40.0% of the run's); the most: a (1,000 tokens, 12.0 s), ..." */
export function failuresLine(cost: RunCost): string {
  const f = cost.expensiveFailures;
  if (f.count === 0) return "expensive failures: none (every instance with a trajectory resolved)";
  const share = f.tokenShare === UNKNOWN ? "" : ` (${(f.tokenShare * 100).toFixed(1)}% of the run's)`;
  const top = f.top.map((i) => `${i.id} ${i.outcome}/${i.exitStatus} (${formatFigure(i.tokens, "tokens")} tokens, ${formatFigure(i.wallS, "s")})`).join("; ");
  return `expensive failures: ${f.count} unresolved instance(s) used ${formatFigure(f.tokens, "tokens")} tokens${share}; the most: ${top}`;
}

/** The console's lines for one run (indented by the caller). */
export function costConsoleLines(cost: RunCost): string[] {
  const rows = figureRows(cost);
  const totals = rows.filter((r) => r.total !== UNKNOWN).map((r) => `${r.figure} ${formatFigure(r.total, r.unit)}`);
  const perResolved = rows.filter((r) => r.perResolved !== undefined).map((r) => `${r.figure} ${formatFigure(r.perResolved, r.unit)}`);
  return [
    `cost: ${totals.join(", ") || "unknown (no trajectories or results)"}; tokens from ${cost.totals.tokensSource}`,
    `per resolved instance (${cost.resolved} resolved): ${perResolved.join(", ")}`,
    ...costNotes(cost),
    failuresLine(cost),
  ];
}

/** The markdown section of one run. */
export function costMarkdown(cost: RunCost): string[] {
  const cell = (text: string) => text.replaceAll("|", "\\|").replace(/[\r\n]+/g, " ");
  const rows = figureRows(cost).map((r) => `| ${r.figure} | ${formatFigure(r.total, r.unit)} | ${formatFigure(r.perResolved, r.unit)} |`);
  return [
    `### Cost: ${cell(cost.runId)}`, "",
    `| figure | total | per resolved instance (${cost.resolved}) |`, "|---|---|---|", ...rows, "",
    ...[...costNotes(cost), failuresLine(cost)].map((line) => `- ${cell(line)}`), "",
  ];
}

/** One line for compare: what a resolved instance cost. */
export function perResolvedLine(cost: RunCost): string {
  const p = cost.perResolved;
  const usd = [p.gpuUsd === UNKNOWN ? undefined : `${formatFigure(p.gpuUsd, "USD")} from GPU-hours`, p.tokenUsd === UNKNOWN ? undefined : `${formatFigure(p.tokenUsd, "USD")} from token prices`].filter((x) => x !== undefined);
  return `per resolved instance (${cost.resolved} resolved): ${formatFigure(p.tokens, "tokens")} tokens, ${formatFigure(p.wallS, "s")} wall, GPU-hours ${formatFigure(p.gpuHours, "GPU-h")}, USD ${usd.length === 0 ? "unknown (no price)" : usd.join(", ")}`;
}
