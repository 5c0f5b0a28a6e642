import type { ReportData } from "../summary/build.ts";
import type { Breakdown } from "../summary/rate.ts";
import type { RunSummary } from "../summary/run-summary.ts";
import { seedsMarkdown } from "../seeds/markdown.ts";
import { contaminationLines } from "../contamination/section.ts";
import { formatDistribution, formatMeanSd, formatRate, pct, stabilityLines } from "./format.ts";

/**
 * Untrusted text (model names from predictions, difficulty from the dataset, run.json fields) as
 * literal text on one line of markdown: HTML-special characters as entities (a model named
 * `<img onerror=...>` is shown, not rendered), `\` and `|` escaped and newlines joined so that a
 * table cell or a list item keeps its place.
 */
const cell = (text: string) =>
  text
    .replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll("\\", "\\\\").replaceAll("|", "\\|").replace(/[\r\n]+/g, " ");

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.map(cell).join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}

const breakdownRows = (items: readonly Breakdown[]) => items.map((b) => [b.key, formatRate(b)]);

function runSection(run: RunSummary): string[] {
  const c = run.counts;
  const lines = [
    `## ${cell(run.runId)}`, "",
    `- Resolved: **${formatRate(run.overall)}** (Wilson 95% interval)`,
    `- Model: ${cell(run.model ?? "unknown")}; context: ${cell(String(run.context ?? "unknown"))}; seed: ${cell(String(run.seed ?? "unknown"))}; dataset: ${cell(run.dataset ?? "not recorded")}`,
    `- Protocol: ${cell(run.protocolLine)}`,
    `- Counts: ${c.total} total, ${c.submitted} submitted, ${c.completed} completed, ${c.resolved} resolved, ${c.unresolved} unresolved, ${c.empty} empty, ${c.error} error, ${c.notSubmitted} without prediction, ${c.notEvaluated} not evaluated`,
    `- Status: ${run.complete ? "complete" : `**incomplete**: ${cell(run.incomplete.join("; "))}`}`,
    `- Agent: ${run.agent.trajectories} trajectories; prompt tokens ${formatDistribution(run.agent.promptTokens)}; completion tokens ${formatDistribution(run.agent.completionTokens)}; steps ${formatDistribution(run.agent.steps)}; wall time ${formatDistribution(run.agent.wallTimeS, " s")}`,
    `- Exit statuses: ${Object.entries(run.agent.exitStatuses).map(([k, v]) => `${cell(k)} ${v}`).join(", ") || "n/a"}`,
    `- Leak attempts: ${run.agent.leakAttempts.length === 0 ? "none" : cell(run.agent.leakAttempts.join("; "))}`,
    `- Evaluation wall time per instance: ${formatDistribution(run.evalWallS, " s")}`,
  ];
  lines.push(...stabilityLines(run).map((line) => `- ${cell(line)}`));
  if (run.missing.length > 0) lines.push(`- Missing: ${cell(run.missing.join("; "))}`);
  if (run.warnings.length > 0) lines.push(`- Warnings: ${cell(run.warnings.join("; "))}`);
  return [...lines, "", "### By repository", "", ...table(["repository", "resolved"], breakdownRows(run.byRepo)), "", "### By difficulty", "", ...table(["difficulty", "resolved"], breakdownRows(run.byDifficulty)), ""];
}

export function summaryMarkdown(data: ReportData): string {
  const lines = [`# sera-bench report`, "", `Generated ${data.generatedAt}. Intervals are Wilson 95%.`, ""];
  lines.push(...table(["run", "context", "resolved", "complete"], data.runs.map((r) => [r.runId, r.context ?? "?", formatRate(r.overall), r.complete ? "yes" : "no"])), "");
  if (data.groups.some((g) => g.runs.length > 1)) {
    lines.push("## Across seeds", "");
    const rows = data.groups.map((g) => [g.group, String(g.runs.length), formatMeanSd(g.meanRate, g.sdRate), g.passAtK.map((p) => `pass@${p.k} ${pct(p.value)}`).join(", ")]);
    lines.push(...table(["configuration", "seeds", "mean ± sd", "pass@k"], rows), "");
  }
  lines.push(...seedsMarkdown(data.seeds));
  const contamination = contaminationLines(data.contamination);
  if (contamination.length > 0) lines.push("## Exact match with the gold patch", "", ...contamination.map((line) => `- ${cell(line)}`), "");
  if (data.baselines.length > 0) {
    lines.push("## Baselines (SERA paper, Table 1)", "", ...table(["model", "context", "resolved", "protocol"], data.baselines.map((b) => [b.name, b.context ?? "?", formatMeanSd(b.rate, b.sd), b.protocol])), "");
    lines.push(...data.protocolNotes.map((note) => `- **${cell(note)}**`), ...(data.protocolNotes.length > 0 ? [""] : []));
  }
  data.runs.forEach((run) => lines.push(...runSection(run)));
  return `${lines.join("\n")}\n`;
}
