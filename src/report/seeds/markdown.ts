import type { SeedsSection } from "./section.ts";
import { seedGroupLines } from "./format.ts";

/** "## How sure (seeds)": only when a configuration has several seeds. */
export function seedsMarkdown(section: SeedsSection): string[] {
  if (!section.some((g) => g.seeds.length > 1)) return [];
  const escape = (text: string) => text.replaceAll("\\", "\\\\").replace(/([|*_`<>[\]])/g, "\\$1");
  const lines = ["## How sure (seeds)", "", "Standard deviation over seeds; signal-to-noise ratio = difference / pooled standard deviation (under 2: preliminary); seeds needed per side to detect 1, 2, 3 points at 80% power (two-sided alpha 0.05).", ""];
  for (const group of section) lines.push(...seedGroupLines(group).map((line) => (line.startsWith("  ") ? `  - ${escape(line.trim())}` : `- ${escape(line)}`)));
  return [...lines, ""];
}
