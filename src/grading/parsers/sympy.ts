/**
 * parse_log_sympy (identical in v4.1.0 and v5): `bin/test --verbose` prints `test_name ok|F|E`;
 * failure section headers `____ path.py:test_name ____` mark `path.py:test_name` as FAILED.
 * The header pattern is Python's `(_*) (.*)\.py:(.*) (_*)` searched over the whole log.
 */
import { PY_DOT, pySplit, pyStrip } from "./py-text.ts";
import type { RawStatus, StatusMap } from "./types.ts";

const FAILURE_HEADER = new RegExp(`(_*) (${PY_DOT}*)\\.py:(${PY_DOT}*) (_*)`, "gu");

const LINE_ENDINGS = [
  [" E", "ERROR"],
  [" F", "FAILED"],
  [" ok", "PASSED"],
] as const;

export function parseSympy(log: string): StatusMap {
  const statuses = new Map<string, RawStatus>();
  for (const match of log.matchAll(FAILURE_HEADER)) {
    statuses.set(`${match[2] ?? ""}.py:${match[3] ?? ""}`, "FAILED");
  }
  for (const rawLine of log.split("\n")) {
    const line = pyStrip(rawLine);
    if (!line.startsWith("test_")) continue;
    for (const [ending, status] of LINE_ENDINGS) {
      if (line.endsWith(ending)) statuses.set(pySplit(line)[0] ?? "", status);
    }
  }
  return statuses;
}
