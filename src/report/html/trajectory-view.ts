/** A readable view of trajectory steps whose exact shape is the agent's: known fields first, the rest as JSON. */
import { capText, html, raw, type RawHtml } from "./escape.ts";

const FIELD_ORDER = ["role", "thought", "content", "action", "tool_calls", "observation", "output", "exit_status"] as const;
const MAX_FIELD = 4000;
const MAX_STEPS = 250;

function fieldText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2) ?? String(value);
}

function stepView(step: unknown, index: number): RawHtml {
  if (typeof step !== "object" || step === null || Array.isArray(step)) {
    return html`<li class="step"><pre>${capText(fieldText(step), MAX_FIELD)}</pre></li>`;
  }
  const record = step as Record<string, unknown>;
  const known = FIELD_ORDER.filter((key) => record[key] !== undefined && record[key] !== null && record[key] !== "");
  const rest = Object.keys(record).filter((key) => !(FIELD_ORDER as readonly string[]).includes(key));
  const blocks = known.map((key) => html`<div class="field f-${key}"><span class="key">${key}</span><pre>${capText(fieldText(record[key]), MAX_FIELD)}</pre></div>`);
  const extra = rest.length === 0 ? raw("") : html`<details class="extra"><summary>other fields (${rest.join(", ")})</summary><pre>${capText(JSON.stringify(Object.fromEntries(rest.map((k) => [k, record[k]])), null, 2), MAX_FIELD)}</pre></details>`;
  return html`<li class="step"><span class="step-no">step ${index + 1}</span>${blocks}${extra}</li>`;
}

export function trajectoryView(steps: readonly unknown[] | undefined): RawHtml {
  if (steps === undefined) return html`<p class="none">No trajectory recorded for this instance.</p>`;
  const shown = steps.slice(0, MAX_STEPS);
  const note = steps.length > MAX_STEPS ? html`<p class="none">${steps.length - MAX_STEPS} more steps not shown.</p>` : raw("");
  return html`<ol class="trajectory">${shown.map(stepView)}</ol>${note}`;
}
