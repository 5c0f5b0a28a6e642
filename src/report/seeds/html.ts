import { html, raw, type RawHtml } from "../html/escape.ts";
import { seedGroupLines } from "./format.ts";
import type { SeedsSection } from "./section.ts";

/** "How sure (seeds)" for report.html: only when a configuration has several seeds; every text escaped. */
export function seedsHtml(section: SeedsSection): RawHtml {
  if (!section.some((g) => g.seeds.length > 1)) return raw("");
  const items = section.map((g) => {
    const [head, ...rest] = seedGroupLines(g);
    return html`<li>${head ?? ""}<ul>${rest.map((line) => html`<li>${line.trim()}</li>`)}</ul></li>`;
  });
  return html`<h2>How sure (seeds)</h2><p>Standard deviation over seeds; signal-to-noise ratio = difference / pooled standard deviation (under 2: preliminary); seeds needed per side to detect 1, 2, 3 points at 80% power (two-sided alpha 0.05).</p><ul>${items}</ul>`;
}
