import { join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../../util/fs-atomic.ts";
import { gateJUnit } from "./junit.ts";
import type { GateVerdict } from "./types.ts";
import { optional } from "../../util/optional.ts";

/** The verdict as JSON (sides reduced to figures) and as JUnit XML. */
export async function writeGateFiles(verdict: GateVerdict, paths: { json?: string | undefined; junit?: string | undefined }, runDir: string): Promise<{ json: string; junit: string }> {
  const json = paths.json ?? join(runDir, "gate", "verdict.json");
  const junit = paths.junit ?? join(runDir, "gate", "junit.xml");
  const c = verdict.comparison;
  const comparison = c === undefined ? undefined : {
    ours: { label: c.ours.label, rate: c.ours.rate, resolved: c.ours.resolved, total: c.ours.total, protocol: c.ours.protocol },
    reference: { label: c.other.label, rate: c.other.rate, resolved: c.other.resolved, total: c.other.total, protocol: c.other.protocol },
    difference: c.difference, test: c.test, p_value: c.pValue, alpha: c.alpha, significant: c.significant, detail: c.detail, note: c.note,
    ...optional("protocols", c.protocols), ...optional("reproduction", c.reproduction?.text),
  };
  await writeJsonAtomic(json, { status: verdict.status, exit_code: verdict.exitCode, run: verdict.run, checks: verdict.checks, comparison, verdict: verdict.verdict }, 2);
  await writeFileAtomic(junit, gateJUnit(verdict));
  return { json, junit };
}
