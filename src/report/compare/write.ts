/** `compare --md FILE --html FILE`: the comparisons as markdown and as a self-contained HTML page. */
import { writeFileAtomic } from "../../util/fs-atomic.ts";
import { html, raw } from "../html/escape.ts";
import { STYLE } from "../html/style.ts";
import type { Comparison } from "./choose-test.ts";
import { comparisonFacts } from "./facts.ts";

export interface CompareOutputs {
  /** The comparisons, and (--exclude FILE) the same without the list's instances under a heading. */
  readonly groups: readonly { readonly heading: string | undefined; readonly comparisons: readonly Comparison[] }[];
  /** Lines said once for the whole comparison (left-out baselines, --exclude). */
  readonly notes: readonly string[];
}

/** Markdown cells and list items cannot hold newlines; pipes are escaped. */
const md = (text: string) => text.replaceAll("\\", "\\\\").replaceAll("|", "\\|").replace(/[\r\n]+/g, " ");

export function compareMarkdown(out: CompareOutputs): string {
  const lines = ["# sera-bench compare", ""];
  for (const note of out.notes) lines.push(`- ${md(note)}`);
  if (out.notes.length > 0) lines.push("");
  for (const group of out.groups) {
    if (group.heading !== undefined) lines.push(`## ${md(group.heading)}`, "");
    for (const c of group.comparisons) {
      const facts = comparisonFacts(c);
      lines.push(`### ${md(facts.title)}`, "", ...facts.lines.map(([label, text]) => `- **${label}**: ${md(text)}`), "");
    }
  }
  return `${lines.join("\n")}\n`;
}

export function compareHtml(out: CompareOutputs): string {
  const card = (c: Comparison) => {
    const facts = comparisonFacts(c);
    return html`<div class="card"><h3>${facts.title}</h3><table>${facts.lines.map(([label, text]) => html`<tr><th>${label}</th><td>${text}</td></tr>`)}</table></div>`;
  };
  const sections = out.groups.map((group) => html`${group.heading === undefined ? raw("") : html`<h2>${group.heading}</h2>`}${group.comparisons.map(card)}`);
  const page = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sera-bench compare</title><style>${raw(STYLE)}</style></head><body>
<h1>sera-bench compare</h1>${out.notes.map((note) => html`<p class="warn">${note}</p>`)}
${sections}</body></html>`;
  return `${page.__html}\n`;
}

export async function writeCompareFiles(out: CompareOutputs, paths: { readonly md?: string | undefined; readonly html?: string | undefined }): Promise<string[]> {
  const written: string[] = [];
  if (paths.md !== undefined) {
    await writeFileAtomic(paths.md, compareMarkdown(out));
    written.push(paths.md);
  }
  if (paths.html !== undefined) {
    await writeFileAtomic(paths.html, compareHtml(out));
    written.push(paths.html);
  }
  return written;
}
