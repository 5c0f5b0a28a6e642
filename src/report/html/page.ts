import type { LoadedRun } from "../run/types.ts";
import type { ReportData } from "../summary/build.ts";
import type { DifficultyMap } from "../summary/difficulty.ts";
import type { Breakdown, Rate } from "../summary/rate.ts";
import type { RunSummary } from "../summary/run-summary.ts";
import { formatDistribution, formatMeanSd, formatRate, pct, stabilityLines } from "../output/format.ts";
import { contextChart, intervalBarChart, type BarItem, type Point, type Series } from "./charts.ts";
import type { InstanceDetails } from "./details.ts";
import { html, raw, type RawHtml } from "./escape.ts";
import { instanceTable } from "./instance-table.ts";
import { SCRIPT, STYLE } from "./style.ts";
import type { RunCost } from "../cost/summary.ts";
import { costSection } from "./cost-section.ts";
import { seedsHtml } from "../seeds/html.ts";
import { contaminationLines } from "../contamination/section.ts";

/** A single run's rate with its Wilson interval; a mean with ± one sd (no interval when sd is unknown). */
const withCi = (rate: Rate): Point => ({ value: rate.rate, low: rate.ci95.low, high: rate.ci95.high });
const withSd = (value: number, sd: number | undefined): Point => ({ value, low: sd === undefined ? undefined : value - sd, high: sd === undefined ? undefined : value + sd });

function headlineItems(data: ReportData): BarItem[] {
  const ours: BarItem[] = data.runs.map((r) => ({ label: `${r.runId} (ours; protocol ${r.protocol})`, ...withCi(r.overall), kind: "ours" }));
  const means: BarItem[] = data.groups.filter((g) => g.runs.length > 1 && g.sdRate !== undefined).map((g) => ({
    label: `${g.group}: mean of ${g.runs.length} seeds`, ...withSd(g.meanRate, g.sdRate), kind: "ours",
  }));
  const base: BarItem[] = data.baselines.map((b) => ({ label: `${b.name} @${b.context ?? "?"} (paper; protocol ${b.protocol})`, ...withSd(b.rate, b.sd), kind: "baseline" }));
  return [...ours, ...means, ...base];
}

/** One bar per run and key of a breakdown (repository, difficulty). */
function breakdownItems(data: ReportData, of: (run: RunSummary) => readonly Breakdown[]): BarItem[] {
  return data.runs.flatMap((r) => of(r).map((b) => ({ label: `${data.runs.length > 1 ? `${r.runId}: ` : ""}${b.key} (${b.resolved}/${b.total})`, ...withCi(b), kind: "ours" as const })));
}

function contextSeries(data: ReportData): { contexts: string[]; series: Series[] } {
  const label = (c: string | undefined) => c ?? "unknown";
  const tokens = (c: string) => (c === "unknown" ? Infinity : Number.parseInt(c, 10));
  const contexts = [...new Set([...data.runs.map((r) => label(r.context)), ...data.baselines.map((b) => label(b.context))])].sort((a, b) => tokens(a) - tokens(b));
  const byGroup = new Map<string, Map<string, Point>>();
  for (const group of data.groups) {
    const runs = data.runs.filter((r) => group.runs.includes(r.runId) && r.group === group.group);
    const single = runs.length === 1 ? runs[0] : undefined;
    const series = byGroup.get(group.group) ?? new Map<string, Point>();
    series.set(label(group.context), single === undefined ? withSd(group.meanRate, group.sdRate) : withCi(single.overall));
    byGroup.set(group.group, series);
  }
  const ours: Series[] = [...byGroup.entries()].map(([name, points]) => ({ name: `${name} (ours)`, kind: "ours", points }));
  const names = [...new Set(data.baselines.map((b) => b.name))];
  const base: Series[] = names.map((name) => ({
    name, kind: "baseline",
    points: new Map(data.baselines.filter((b) => b.name === name).map((b) => [label(b.context), withSd(b.rate, b.sd)])),
  }));
  return { contexts, series: [...ours, ...base] };
}

function runCard(run: RunSummary): RawHtml {
  const c = run.counts;
  const status = run.complete ? html`<p>complete</p>` : html`<p class="warn">incomplete: ${run.incomplete.join("; ")}</p>`;
  const missing = run.missing.length === 0 ? raw("") : html`<p class="warn">missing: ${run.missing.join("; ")}</p>`;
  const exits = Object.entries(run.agent.exitStatuses).map(([k, v]) => `${k} ${v}`).join(", ") || "n/a";
  const published = run.protocolIdentity.family === "sera" || run.protocolIdentity.family === "mini-swe-agent";
  const protocol = html`<p class="${published ? "" : "warn"}">protocol: ${run.protocolLine}</p>`;
  return html`<div class="card run-card"><div><b>${run.runId}</b> · ${run.model ?? "model unknown"} · ${run.context ?? "context unknown"}</div>${protocol}
<div class="big">${formatRate(run.overall)}</div>
<p>${c.total} total · ${c.resolved} resolved · ${c.unresolved} unresolved · ${c.empty} empty · ${c.error} error · ${c.notSubmitted} without prediction · ${c.notEvaluated} not evaluated</p>
${stabilityLines(run).map((line) => html`<p>${line}</p>`)}
<p>tokens (prompt): ${formatDistribution(run.agent.promptTokens)}<br>steps: ${formatDistribution(run.agent.steps)}<br>agent wall time: ${formatDistribution(run.agent.wallTimeS, " s")}<br>exit statuses: ${exits}<br>leak attempts: ${run.agent.leakAttempts.length === 0 ? "none" : run.agent.leakAttempts.join("; ")}</p>${status}${missing}</div>`;
}

/** The whole report page: self-contained (inline CSS, inline SVG, no external resources). */
export function reportPage(data: ReportData, runs: readonly LoadedRun[], details: readonly Map<string, InstanceDetails>[], difficulty: DifficultyMap, costs: readonly RunCost[] = []): string {
  const { contexts, series } = contextSeries(data);
  const seeds = data.groups.filter((g) => g.runs.length > 1).map((g) => html`<li>${g.group}: ${formatMeanSd(g.meanRate, g.sdRate)} over ${g.runs.length} seeds; ${g.passAtK.map((p) => `pass@${p.k} ${pct(p.value)}`).join(", ")}</li>`);
  const page = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sera-bench report</title><style>${raw(STYLE)}</style></head><body>
<h1>sera-bench report</h1><p>Generated ${data.generatedAt}. Intervals: Wilson 95% for single runs, ± one standard deviation for seed means and the paper's figures.</p>
<div class="cards">${data.runs.map(runCard)}</div>
${seeds.length === 0 ? raw("") : html`<h2>Across seeds</h2><ul>${seeds}</ul>`}
${seedsHtml(data.seeds)}
${data.contamination === undefined ? raw("") : html`<h2>Exact match with the gold patch</h2><ul>${contaminationLines(data.contamination).map((line) => html`<li class="${line.includes("FLAGGED") ? "warn" : ""}">${line}</li>`)}</ul>`}
<h2>Resolve rate</h2>${intervalBarChart("Resolve rate with 95% interval, beside the SERA paper's baselines", headlineItems(data))}
${data.protocolNotes.map((note) => html`<p class="warn">${note}</p>`)}
<h2>By repository</h2>${intervalBarChart("Resolve rate by repository (Wilson 95%)", breakdownItems(data, (r) => r.byRepo))}
<h2>By difficulty</h2>${intervalBarChart("Resolve rate by difficulty (Wilson 95%)", breakdownItems(data, (r) => r.byDifficulty))}
<h2>By context length</h2>${contextChart("Resolve rate by context length", contexts, series)}
${costs.length === 0 ? raw("") : costSection(costs)}
<h2>Instances</h2><input id="filter" type="search" placeholder="filter rows (id, status, repository)">
${instanceTable(runs, details, difficulty)}
<script>${raw(SCRIPT)}</script></body></html>`;
  return `${page.__html}\n`;
}
