import type { GateVerdict } from "./types.ts";

const xml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[ch] ?? ch)
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "?");

/** Checks whose failure makes the run invalid (exit 2) rather than a regression. */
export const INVALIDATING: ReadonlySet<string> = new Set(["options", "run-folder", "complete", "reference-run", "min-snr-spread", "exact-match-gold"]);

/** JUnit XML: one test case per gate check; an invalid run is an <error>, a failed check a <failure>. */
export function gateJUnit(verdict: GateVerdict): string {
  const isError = (name: string) => verdict.status === "invalid" && INVALIDATING.has(name);
  const errors = verdict.checks.filter((c) => !c.passed && isError(c.name)).length;
  const failures = verdict.checks.filter((c) => !c.passed).length - errors;
  const cases = verdict.checks.map((check) => {
    const open = `    <testcase classname="sera-bench.gate" name="${xml(check.name)}">`;
    if (check.passed) return `${open}\n      <system-out>${xml(check.message)}</system-out>\n    </testcase>`;
    const tag = isError(check.name) ? "error" : "failure";
    return `${open}\n      <${tag} message="${xml(check.message)}">${xml(verdict.verdict)}</${tag}>\n    </testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="sera-bench gate" tests="${verdict.checks.length}" failures="${failures}" errors="${errors}">`,
    `  <testsuite name="${xml(`gate ${verdict.run}`)}" tests="${verdict.checks.length}" failures="${failures}" errors="${errors}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
