import type { LoadedRun, RunInstance } from "../run/types.ts";
import type { DifficultyMap } from "../summary/difficulty.ts";
import type { InstanceDetails } from "./details.ts";
import { capText, html, raw, type RawHtml } from "./escape.ts";

const MAX_PATCH = 100_000;

function testsView(tests: InstanceDetails["tests"]): RawHtml {
  if (tests === undefined) return html`<p class="none">No report.json (not evaluated, empty patch or error).</p>`;
  const rows = Object.entries(tests).flatMap(([bucket, b]) => [
    ...b.failure.map((name) => html`<tr class="fail"><td>${bucket}</td><td>fail</td><td>${name}</td></tr>`),
    ...b.success.map((name) => html`<tr class="pass"><td>${bucket}</td><td>pass</td><td>${name}</td></tr>`),
  ]);
  return html`<table class="tests"><thead><tr><th>bucket</th><th>result</th><th>test</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function agentLine(instance: RunInstance): string {
  const t = instance.trajectory;
  if (t === undefined) return "no trajectory";
  const tokens = (t.promptTokens ?? 0) + (t.completionTokens ?? 0);
  return `exit ${t.exitStatus ?? "?"}; ${t.steps ?? "?"} steps; ${tokens.toLocaleString("en-US")} tokens; ${t.wallTimeS === undefined ? "?" : t.wallTimeS.toFixed(0)} s`;
}

function detailsView(run: LoadedRun, details: InstanceDetails | undefined, instance: RunInstance): RawHtml {
  const error = instance.result?.error === undefined ? raw("") : html`<p class="error">error: ${instance.result.error}</p>`;
  return html`<details class="open-instance" data-run="${run.id}"><summary>${run.id}</summary>${error}<p>${agentLine(instance)}</p>
<details class="patch"><summary>patch</summary><pre class="diff">${capText(instance.patch ?? "(no patch)", MAX_PATCH)}</pre></details>
<details class="test-results"><summary>test results</summary>${testsView(details?.tests)}</details>
<details class="traj"><summary>trajectory</summary>${trajectoryLink(details?.trajectory)}</details></details>`;
}

/** The trajectory opens on its own page (loaded when asked for, not inlined). */
function trajectoryLink(trajectory: InstanceDetails["trajectory"]): RawHtml {
  if (trajectory === undefined) return html`<p class="none">No trajectory recorded for this instance.</p>`;
  return html`<p><a class="traj-link" href="${trajectory.href}">open the trajectory (${trajectory.steps} steps)</a></p>`;
}

const badge = (instance: RunInstance | undefined) => {
  const outcome = instance?.outcome ?? "not_submitted";
  const label = outcome === "error" && instance?.hasReport === false && instance.result === undefined ? "not evaluated" : outcome.replace("_", " ");
  return html`<span class="badge ${outcome}">${label}</span>`;
};

/** One row per instance; one status column per run; the last cell opens each run's patch, tests and trajectory. */
export function instanceTable(runs: readonly LoadedRun[], details: readonly Map<string, InstanceDetails>[], difficulty: DifficultyMap): RawHtml {
  const ids = [...new Set(runs.flatMap((run) => run.instances.map((i) => i.id)))].sort();
  const byRun = runs.map((run) => new Map(run.instances.map((i) => [i.id, i])));
  const head = html`<tr><th>instance</th><th>repository</th><th>difficulty</th>${runs.map((run) => html`<th>${run.id}</th>`)}<th>open</th></tr>`;
  const rows = ids.map((id) => {
    const instances = byRun.map((map) => map.get(id));
    const first = instances.find((i) => i !== undefined);
    const cells = instances.map((i) => html`<td>${badge(i)}</td>`);
    const opens = runs.map((run, r) => { const inst = instances[r]; return inst === undefined ? raw("") : detailsView(run, details[r]?.get(id), inst); });
    return html`<tr class="instance" data-id="${id}"><td class="id">${id}</td><td>${first?.repo ?? ""}</td><td>${difficulty.get(id) ?? "unknown"}</td>${cells}<td>${opens}</td></tr>`;
  });
  return html`<table id="instances" class="instances"><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}
