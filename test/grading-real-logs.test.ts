/**
 * Real logs of the official harness (v4.1.0, ../shared/data/real-logs): parsing and grading
 * test_output.txt against the dataset row must reproduce the official report.json exactly, down
 * to key order and list order (byte-equal to `json.dumps(report, indent=4)`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Instance } from "../src/dataset/row.ts";
import { gradeInstance } from "../src/grading/grade-instance.ts";
import { formatReportJson } from "../src/grading/report-json.ts";
import { parseEvalType } from "../src/grading/types.ts";
import { loadVerifiedRows } from "./helpers/verified.ts";

const SHARED = join(import.meta.dirname, "..", "..", "shared", "data");
const REAL_LOGS = join(SHARED, "real-logs");
const KINDS = ["gold", "noop"] as const;

async function loadRows(): Promise<Map<string, Instance>> {
  return new Map((await loadVerifiedRows()).map((row) => [row.instance_id, row]));
}

let rows: Map<string, Instance>;
beforeAll(async () => {
  rows = await loadRows();
});

function gradeRealLog(kind: (typeof KINDS)[number], instanceId: string) {
  const dir = join(REAL_LOGS, kind, instanceId);
  const row = rows.get(instanceId);
  if (row === undefined) throw new Error(`${instanceId} (real-logs/${kind}) is not in the Verified parquet`);
  const patch = kind === "gold" ? row.patch : readFileSync(join(dir, "patch.diff"), "utf8");
  const result = gradeInstance({
    instanceId,
    log: readFileSync(join(dir, "test_output.txt"), "utf8"),
    failToPass: row.FAIL_TO_PASS,
    passToPass: row.PASS_TO_PASS,
    logParser: row.log_parser ?? "",
    evalType: parseEvalType(row.eval_type, instanceId),
    patch,
    testPatch: row.test_patch,
  });
  return { result, reportText: readFileSync(join(dir, "report.json"), "utf8") };
}

for (const kind of KINDS) {
  describe(`real-logs/${kind}`, () => {
    const ids = readdirSync(join(REAL_LOGS, kind)).sort();

    it("holds the documented number of instances", () => {
      expect(ids.length).toBe(kind === "gold" ? 40 : 8);
    });

    it.each(ids)("%s: v4 report.json reproduced byte for byte", (instanceId) => {
      const { result, reportText } = gradeRealLog(kind, instanceId);
      if (result.v4.outcome !== "graded") throw new Error(result.v4.error);
      expect(result.v4.report).toStrictEqual(JSON.parse(reportText));
      expect(formatReportJson(result.v4.report)).toBe(reportText);
      expect(result.v4.resolved).toBe(kind === "gold");
    });

    it.each(ids)("%s: strict verdict agrees and raises no flag", (instanceId) => {
      const { result } = gradeRealLog(kind, instanceId);
      expect(result.v5.flags).toEqual([]);
      expect(result.v5.resolved).toBe(kind === "gold");
      expect(result.disagree).toBe(false);
    });
  });
}
