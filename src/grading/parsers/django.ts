/**
 * parse_log_django (identical in v4.1.0 and v5): Django's verbose runner prints
 * `name ... ok|FAIL|ERROR|skipped ...`; failures are repeated as `FAIL: name` / `ERROR: name`.
 * Quirks kept on purpose: `ok` at the start of a later line passes the last `... ` test (output
 * interleaved between `...` and `ok`, #167), names may be docstring first lines (#275), the
 * django-7188 migration line, and three multi-line patterns matched over the raw log.
 */
import { PY_BOL, PY_DOT, PY_EOL, PY_WS, beforeFirst, beforeLast, pySplit, pyStrip } from "./py-text.ts";
import { LogParserCrash, type RawStatus, type StatusMap } from "./types.ts";

const VERSION_TEST = "--version is equivalent to version";
const PASS_SUFFIXES = [" ... ok", " ... OK", " ...  OK"] as const;
const DJANGO_7188_PREFIX = "Applying sites.0002_alter_domain_unique...test_no_migrations";

// Python: ^(.*?)\s\.\.\.\s<tail>$ under re.MULTILINE, with `.` not crossing `\n`.
const S = `[${PY_WS}]`;
const INTERRUPTED_PASSES = [
  `Testing against Django installed in ([\\s\\S]*?) silenced\\)\\.\\nok`,
  `Internal Server Error: \\/(${PY_DOT}*)\\/\\nok`,
  `System check identified no issues \\(0 silenced\\)\\nok`,
].map((tail) => new RegExp(`${PY_BOL}(${PY_DOT}*?)${S}\\.\\.\\.${S}${tail}${PY_EOL}`, "gu"));

function secondToken(line: string): string {
  const token = pySplit(line)[1];
  if (token === undefined) throw new LogParserCrash("parse_log_django", line);
  return pyStrip(token);
}

function passedName(line: string): string | undefined {
  const suffix = PASS_SUFFIXES.find((candidate) => line.endsWith(candidate));
  if (suffix === undefined) return undefined;
  const text = line.startsWith(DJANGO_7188_PREFIX) ? pyStrip(line.split("...").slice(1).join("...")) : line;
  return beforeLast(text, suffix);
}

function parseLine(line: string, statuses: Map<string, RawStatus>, prevTest: string | undefined): void {
  if (line.includes(VERSION_TEST)) statuses.set(VERSION_TEST, "PASSED");
  const passed = passedName(line);
  if (passed !== undefined) statuses.set(passed, "PASSED");
  if (line.includes(" ... skipped")) statuses.set(beforeFirst(line, " ... skipped"), "SKIPPED");
  if (line.endsWith(" ... FAIL")) statuses.set(beforeFirst(line, " ... FAIL"), "FAILED");
  if (line.startsWith("FAIL:")) statuses.set(secondToken(line), "FAILED");
  if (line.endsWith(" ... ERROR")) statuses.set(beforeFirst(line, " ... ERROR"), "ERROR");
  if (line.startsWith("ERROR:")) statuses.set(secondToken(line), "ERROR");
  if (line.startsWith("ok") && prevTest !== undefined) statuses.set(prevTest, "PASSED");
}

export function parseDjango(log: string): StatusMap {
  const statuses = new Map<string, RawStatus>();
  let prevTest: string | undefined;
  for (const rawLine of log.split("\n")) {
    const line = pyStrip(rawLine);
    if (line.includes(" ... ")) prevTest = beforeFirst(line, " ... ");
    parseLine(line, statuses, prevTest);
  }
  for (const pattern of INTERRUPTED_PASSES) {
    for (const match of log.matchAll(pattern)) statuses.set(match[1] ?? "", "PASSED");
  }
  return statuses;
}
