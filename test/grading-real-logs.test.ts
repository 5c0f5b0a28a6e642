/**
 * Real logs of the official harness (v4.1.0, ../shared/data/real-logs and real-logs-v4): parsing
 * and grading test_output.txt against the dataset row must reproduce the official report.json
 * exactly, down to key order, list order and the missing final newline (byte-equal to
 * `json.dumps(report, indent=4)`). Logs are read as written: grading normalises their newlines.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Instance } from "../src/dataset/row.ts";
import { gradeInstance } from "../src/grading/grade-instance.ts";
import { formatReportJson } from "../src/grading/report-json.ts";
import { parseEvalType } from "../src/grading/types.ts";
import { SHARED_DATA } from "./helpers/shared.ts";
import { loadVerifiedRows } from "./helpers/verified.ts";

const SHARED = SHARED_DATA;
const REAL_LOGS = join(SHARED, "real-logs");
const REAL_LOGS_V4 = join(SHARED, "real-logs-v4");
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

interface Provenance {
  readonly instance_id: string;
  readonly harness: { readonly log_format: string };
  readonly prediction: { readonly patch_is_None: boolean };
  readonly dataset_drift: unknown;
}

function readProvenance(folder: string): Provenance {
  return JSON.parse(readFileSync(join(REAL_LOGS_V4, folder, "provenance.json"), "utf8")) as Provenance;
}

/** One real-logs-v4 folder graded as the run loop grades it (the log as written, bytes of report.json). */
function gradeV4Folder(folder: string, provenance: Provenance) {
  const dir = join(REAL_LOGS_V4, folder);
  const row = rows.get(provenance.instance_id);
  if (row === undefined) throw new Error(`${folder}: ${provenance.instance_id} is not in the Verified parquet`);
  if (provenance.dataset_drift !== null) throw new Error(`${folder}: graded against an older dataset revision (dataset_drift)`);
  const patchPath = join(dir, "patch.diff");
  const patch = provenance.prediction.patch_is_None ? null : existsSync(patchPath) ? readFileSync(patchPath, "utf8") : undefined;
  const result = gradeInstance({
    instanceId: provenance.instance_id,
    log: readFileSync(join(dir, "test_output.txt"), "utf8"),
    failToPass: row.FAIL_TO_PASS,
    passToPass: row.PASS_TO_PASS,
    logParser: row.log_parser ?? "",
    evalType: parseEvalType(row.eval_type, provenance.instance_id),
    patch,
    testPatch: row.test_patch,
  });
  return { result, reportText: readFileSync(join(dir, "report.json"), "utf8") };
}

describe("real-logs-v4 (every repository but seaborn, from public evaluation logs)", () => {
  const folders = readdirSync(REAL_LOGS_V4, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const v3Plus = folders.filter((folder) => readProvenance(folder).harness.log_format === "v3+");

  it("holds 76 folders; only the one v2-format log (no markers, graded by a pre-3.0 harness) is left out", () => {
    expect(folders).toHaveLength(76);
    expect(folders.filter((folder) => !v3Plus.includes(folder))).toEqual(["mwaskom__seaborn-3069__composio-6907571"]);
    expect(v3Plus).toHaveLength(75);
  });

  it.each(v3Plus)("%s: report.json reproduced byte for byte", (folder) => {
    const { result, reportText } = gradeV4Folder(folder, readProvenance(folder));
    if (result.v4.outcome !== "graded") throw new Error(result.v4.error);
    expect(formatReportJson(result.v4.report)).toBe(reportText);
  });
});
