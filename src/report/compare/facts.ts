/** What every written output (markdown, HTML) says about one comparison: labelled lines, both sides' protocols always among them. */
import { protocolDetail } from "../../protocol/identity.ts";
import { pct } from "../output/format.ts";
import type { Comparison } from "./choose-test.ts";
import { formatPValue } from "./format-p.ts";

export interface ComparisonFacts {
  readonly title: string;
  readonly lines: readonly (readonly [label: string, text: string])[];
}

export function comparisonFacts(c: Comparison): ComparisonFacts {
  const verdict = `${c.significant ? "significant" : "not significant"} at alpha ${c.alpha} (p = ${formatPValue(c.pValue)})`;
  const lines: [string, string][] = [
    ["ours", `${c.ours.label}: ${pct(c.ours.rate)} (${c.ours.resolved}/${c.ours.total}); protocol ${protocolDetail(c.ours.protocol)}`],
    ["theirs", `${c.other.label}: ${pct(c.other.rate)} (${c.other.resolved}/${c.other.total}); protocol ${protocolDetail(c.other.protocol)}`],
    ["difference", `${c.difference >= 0 ? "+" : ""}${(c.difference * 100).toFixed(1)} pp, ${verdict}`],
    ["test", `${c.test}; ${c.detail}`],
  ];
  if (c.protocols !== undefined) lines.push(["protocols", c.protocols]);
  if (c.instanceSets !== undefined) lines.push(["instances", c.instanceSets]);
  if (c.note !== undefined) lines.push(["note", c.note]);
  if (c.reproduction !== undefined) lines.push(["reproduction", c.reproduction.text]);
  return { title: `${c.ours.label} vs ${c.other.label}`, lines };
}
