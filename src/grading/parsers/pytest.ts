/**
 * The pytest short-summary parsers (`pytest -rA` lines such as `PASSED path::test`):
 * parse_log_pytest, parse_log_pytest_options and parse_log_matplotlib, in their v4.1.0 form and
 * the v5 form that drops pytest's `SKIPPED [N] path:line: reason` summary entries (#598).
 */
import { PY_DOT, leadingStatus, pySplit } from "./py-text.ts";
import type { RawStatus, StatusMap } from "./types.ts";

interface PytestVariant {
  /** Rewrite applied to every line before anything else (matplotlib's MouseButton names). */
  readonly rewriteLine: (line: string) => string;
  /** Maps the second token to the stored test name (pytest_options' path normalisation). */
  readonly testName: (token: string) => string;
  /** v5: skip `SKIPPED [N]` summary lines instead of recording the bogus key `[N]`. */
  readonly dropSkipSummary: boolean;
}

const SKIP_SUMMARY_COUNT = /^\[\p{Nd}+\]$/u;

/** v5's test for pytest's `SKIPPED [N] ...` summary, where `[N]` is a count, not a test. */
export function isSkipSummary(status: string, name: string): boolean {
  return status === "SKIPPED" && SKIP_SUMMARY_COUNT.test(name);
}

function parseSummaryLines(log: string, variant: PytestVariant): StatusMap {
  const statuses = new Map<string, RawStatus>();
  for (const rawLine of log.split("\n")) {
    let line = variant.rewriteLine(rawLine);
    if (leadingStatus(line) === undefined) continue;
    if (line.startsWith("FAILED")) line = line.replaceAll(" - ", " ");
    const [status, name] = pySplit(line);
    if (status === undefined || name === undefined) continue;
    if (variant.dropSkipSummary && isSkipSummary(status, name)) continue;
    statuses.set(variant.testName(name), status);
  }
  return statuses;
}

const OPTION = new RegExp(`(${PY_DOT}*?)\\[(${PY_DOT}*)\\]`, "u");

/**
 * pytest_options: `main[option]` keeps the text up to the last `]` (anything after it is dropped),
 * and an absolute-path option (`/`, not `//`, no `*`) becomes `/` + its last path segment.
 */
export function normaliseOptionName(token: string): string {
  const match = OPTION.exec(token);
  if (match === null) return token;
  const main = match[1] ?? "";
  let option = match[2] ?? "";
  if (option.startsWith("/") && !option.startsWith("//") && !option.includes("*")) {
    option = `/${option.split("/").at(-1) ?? ""}`;
  }
  return `${main}[${option}]`;
}

function replaceMouseButtons(line: string): string {
  return line.replaceAll("MouseButton.LEFT", "1").replaceAll("MouseButton.RIGHT", "3");
}

const identity = (text: string): string => text;

function variant(overrides: Partial<PytestVariant>, dropSkipSummary: boolean): PytestVariant {
  return { rewriteLine: identity, testName: identity, ...overrides, dropSkipSummary };
}

export const parsePytest = (log: string): StatusMap => parseSummaryLines(log, variant({}, false));
export const parsePytestV5 = (log: string): StatusMap => parseSummaryLines(log, variant({}, true));

export const parsePytestOptions = (log: string): StatusMap =>
  parseSummaryLines(log, variant({ testName: normaliseOptionName }, false));
export const parsePytestOptionsV5 = (log: string): StatusMap =>
  parseSummaryLines(log, variant({ testName: normaliseOptionName }, true));

export const parseMatplotlib = (log: string): StatusMap =>
  parseSummaryLines(log, variant({ rewriteLine: replaceMouseButtons }, false));
export const parseMatplotlibV5 = (log: string): StatusMap =>
  parseSummaryLines(log, variant({ rewriteLine: replaceMouseButtons }, true));
