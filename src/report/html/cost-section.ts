/** The report page's "Cost" section: per run, the figures (total and per resolved), how GPU-hours and dollars were made, the expensive failures; then the budget curves. */
import { figureRows, costNotes, failuresLine, formatFigure } from "../cost/format.ts";
import type { RunCost } from "../cost/summary.ts";
import { curveChart } from "./cost-charts.ts";
import { html, type RawHtml } from "./escape.ts";

function runTable(cost: RunCost): RawHtml {
  const rows = figureRows(cost).map((r) => html`<tr><td>${r.figure}</td><td class="num">${formatFigure(r.total, r.unit)}</td><td class="num">${formatFigure(r.perResolved, r.unit)}</td></tr>`);
  const notes = [...costNotes(cost), failuresLine(cost)].map((line) => html`<li>${line}</li>`);
  return html`<div class="cost-run" data-run="${cost.runId}"><h3>${cost.runId}</h3><table class="cost"><thead><tr><th>figure</th><th>total</th><th>per resolved instance (${cost.resolved})</th></tr></thead><tbody>${rows}</tbody></table><ul>${notes}</ul></div>`;
}

export function costSection(costs: readonly RunCost[]): RawHtml {
  const step = costs.map((c) => ({ name: c.runId, points: c.curves.stepLimit.points.map((p) => ({ x: p.x, y: p.rate })) }));
  const tokens = costs.map((c) => ({ name: c.runId, points: c.curves.tokenBudget.map((p) => ({ x: p.x, y: p.rate })) }));
  const shares = costs.map((c) => ({ name: c.runId, points: c.curves.tokenDistribution.map((p) => ({ x: p.x, y: p.share })) }));
  return html`<h2>Cost</h2>${costs.map(runTable)}
<p>Budget curves: an instance counts as resolved at a budget when it was resolved and its rollout finished within it (we only know the verdict of the final patch; a rollout cut at the budget would have had its diff at that point autosubmitted and graded).</p>
${curveChart("step-limit", "Resolve rate had the run stopped at step limit L", "step limit L (model calls)", "resolved", step)}
${curveChart("token-budget", "Resolve rate under a token budget T (prompt + completion)", "token budget T", "resolved", tokens)}
${curveChart("token-distribution", "Share of instances that used at most X tokens", "tokens X", "instances", shares)}`;
}
