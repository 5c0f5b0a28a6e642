/**
 * parse_log_pytest_v2 (astropy, scikit-learn, sphinx): strips `[<digits>m` colour remnants and
 * every control character \x01-\x1f, then reads `STATUS name` summary lines and, failing that,
 * old-style verbose lines that end with a status (`path::test PASSED`).
 * v4.1.0 keeps one token as the name; v5 keeps names with spaces (#279) and drops `SKIPPED [N]`.
 */
import { isSkipSummary } from "./pytest.ts";
import { beforeFirst, endsWithStatus, leadingStatus, pySplit } from "./py-text.ts";
import type { RawStatus, StatusMap } from "./types.ts";

const COLOUR_CODE = /\[(\p{Nd}+)m/gu;
const CONTROL_CHARS = /[\x01-\x1f]/g;

function cleanLine(line: string): string {
  return line.replace(COLOUR_CODE, "").replace(CONTROL_CHARS, "");
}

type Entry = readonly [name: string, status: string] | undefined;

function entryV4(line: string): Entry {
  if (leadingStatus(line) !== undefined) {
    const tokens = pySplit(line.startsWith("FAILED") ? line.replaceAll(" - ", " ") : line);
    return tokens.length >= 2 ? [tokens[1] ?? "", tokens[0] ?? ""] : undefined;
  }
  if (!endsWithStatus(line)) return undefined;
  const tokens = pySplit(line);
  return tokens.length >= 2 ? [tokens[0] ?? "", tokens[1] ?? ""] : undefined;
}

function entryV5(line: string): Entry {
  if (leadingStatus(line) !== undefined) {
    const tokens = pySplit(line.startsWith("FAILED") ? beforeFirst(line, " - ") : line);
    const [status, name] = tokens;
    if (status === undefined || name === undefined || isSkipSummary(status, name)) return undefined;
    return [tokens.slice(1).join(" "), status];
  }
  if (!endsWithStatus(line)) return undefined;
  const tokens = pySplit(line);
  return tokens.length >= 2 ? [tokens.slice(0, -1).join(" "), tokens.at(-1) ?? ""] : undefined;
}

function parseWith(log: string, toEntry: (line: string) => Entry): StatusMap {
  const statuses = new Map<string, RawStatus>();
  for (const rawLine of log.split("\n")) {
    const entry = toEntry(cleanLine(rawLine));
    if (entry !== undefined) statuses.set(entry[0], entry[1]);
  }
  return statuses;
}

export const parsePytestV2 = (log: string): StatusMap => parseWith(log, entryV4);
export const parsePytestV2V5 = (log: string): StatusMap => parseWith(log, entryV5);
