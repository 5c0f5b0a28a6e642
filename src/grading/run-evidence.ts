/**
 * v5 evidence about the run beyond the parsed status map: whether any test runner visibly ran
 * (`SUITE_RAN`), and the test command's exit status recorded by the eval script.
 * Python `\d` and `\s` are Unicode-aware; `^`/`$` are MULTILINE (newline only).
 */
import { PY_BOL, PY_EOL, PY_WS } from "./parsers/py-text.ts";
import { TEST_EXIT_CODE } from "./markers.ts";

const D = "\\p{Nd}";
const S = `[${PY_WS}]`;
const W = "[\\p{L}\\p{N}_]";

const SUITE_RAN = new RegExp(
  [
    `Executed [1-9]${D}* of ${D}+`,
    `TOTAL: [1-9]${D}* (?:SUCCESS|FAILED)`,
    `[1-9]${D}* passing`,
    `Tests:${S}+[1-9]${D}*`,
    `Test Suites:${S}+(?:${D}+ ${W}+, )*[1-9]${D}* total`,
    `${PY_BOL}# tests [1-9]${D}*`,
    `[1-9]${D}* specs?, ${D}+ failures?`,
    `': ok${PY_EOL}`,
  ].join("|"),
  "u",
);

/** True when the log shows a runner executed at least one test (v5 `SUITE_RAN`). */
export function suiteRan(log: string): boolean {
  return SUITE_RAN.test(log);
}

const EXIT_CODE = new RegExp(`${TEST_EXIT_CODE}:${S}*(-?${D}+)`, "u");
const DIGIT = /\p{Nd}/u;

/** Value of one Unicode decimal digit: digits are encoded in contiguous runs from 0 to 9. */
function digitValue(char: string): number {
  let codePoint = char.codePointAt(0) ?? 0;
  const start = codePoint;
  while (DIGIT.test(String.fromCodePoint(codePoint - 1))) codePoint -= 1;
  return (start - codePoint) % 10;
}

/** The first recorded `>>>>> Test Exit Code: N` (Python `int()` of the digits), or null. */
export function parseTestExitCode(log: string): number | null {
  const text = EXIT_CODE.exec(log)?.[1];
  if (text === undefined) return null;
  const negative = text.startsWith("-");
  let value = 0;
  for (const char of negative ? text.slice(1) : text) value = value * 10 + digitValue(char);
  return negative && value !== 0 ? -value : value;
}
