/**
 * parse_log_seaborn: `FAILED name`, `name PASSED [ 50%]` and `PASSED name`; it records no
 * SKIPPED/ERROR/XFAIL. v4.1.0 raises IndexError on a bare `FAILED` or `PASSED` line (the harness
 * then writes no report: the instance is an error); v5 skips lines with fewer than two tokens.
 */
import { pySplit } from "./py-text.ts";
import { LogParserCrash, type RawStatus, type StatusMap } from "./types.ts";

function entry(line: string, parts: readonly string[]): readonly [string, RawStatus] | undefined {
  const second = (): string => {
    const token = parts[1];
    if (token === undefined) throw new LogParserCrash("parse_log_seaborn", line);
    return token;
  };
  if (line.startsWith("FAILED")) return [second(), "FAILED"];
  if (line.includes(" PASSED ")) return second() === "PASSED" ? [parts[0] ?? "", "PASSED"] : undefined;
  if (line.startsWith("PASSED")) return [second(), "PASSED"];
  return undefined;
}

function parseWith(log: string, skipShortLines: boolean): StatusMap {
  const statuses = new Map<string, RawStatus>();
  for (const line of log.split("\n")) {
    const parts = pySplit(line);
    if (skipShortLines && parts.length < 2) continue;
    const found = entry(line, parts);
    if (found !== undefined) statuses.set(found[0], found[1]);
  }
  return statuses;
}

export const parseSeaborn = (log: string): StatusMap => parseWith(log, false);
export const parseSeabornV5 = (log: string): StatusMap => parseWith(log, true);
