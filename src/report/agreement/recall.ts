import { countedLines } from "./diff-lines.ts";

export const BANDS = ["hard", "soft", "unverified", "undefined"] as const;
export type AgreementBand = (typeof BANDS)[number];

/**
 * Soft-verification recall r = (lines of P1 also in P2) / (lines of P1), matched as a multiset
 * (each P2 line used once). Undefined when P1 has no counted lines.
 */
export function softRecall(p1: string | null | undefined, p2: string | null | undefined): number | undefined {
  const lines1 = countedLines(p1);
  if (lines1.length === 0) return undefined;
  const bag = new Map<string, number>();
  for (const line of countedLines(p2)) bag.set(line, (bag.get(line) ?? 0) + 1);
  let matched = 0;
  for (const line of lines1) {
    const left = bag.get(line) ?? 0;
    if (left > 0) {
      bag.set(line, left - 1);
      matched++;
    }
  }
  return matched / lines1.length;
}

/** r = 1 hard verified, 0 < r < 1 soft verified, r = 0 unverified. */
export function bandOf(recall: number | undefined): AgreementBand {
  if (recall === undefined) return "undefined";
  if (recall === 1) return "hard";
  return recall === 0 ? "unverified" : "soft";
}
