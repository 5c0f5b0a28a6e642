import { pct } from "../output/format.ts";
import type { Comparison } from "./choose-test.ts";
import { formatPValue } from "./format-p.ts";
import { sharedProtocolLine } from "./protocols.ts";

const pp = (v: number) => `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)} pp`;

export { formatPValue } from "./format-p.ts";

/** One line per comparison: rates, difference, test, p-value and verdict. */
export function formatComparison(c: Comparison): string {
  const verdict = c.significant ? `significant at alpha ${c.alpha}` : `not significant at alpha ${c.alpha}`;
  const lines = [
    `${c.ours.label} ${pct(c.ours.rate)} vs ${c.other.label} ${pct(c.other.rate)}: ${pp(c.difference)}, ${verdict} (p = ${formatPValue(c.pValue)})`,
    `  test: ${c.test}; ${c.detail}`,
  ];
  if (c.note !== undefined) lines.push(`  note: ${c.note}`);
  if (c.instanceSets !== undefined) lines.push(`  instances: ${c.instanceSets}`);
  lines.push(c.protocols === undefined ? `  protocol: ${sharedProtocolLine(c.ours.protocol)}` : `  protocols: ${c.protocols}`);
  if (c.reproduction !== undefined) lines.push(`  ${c.reproduction.text}`);
  for (const side of [c.ours, c.other]) {
    if ((side.errors ?? 0) > 0) lines.push(`  errors: ${side.label} has ${side.errors ?? 0} of ${side.total} instance(s) that ended in an error (the harness or the server failed, not the model), counted as not resolved; re-run it to retry them`);
  }
  return lines.join("\n");
}
