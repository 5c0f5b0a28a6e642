/**
 * Contamination check (issue 20, item 5): the share of predictions that contain every hunk of the
 * gold patch verbatim, by the leaderboard's rules (SWE-bench maintainers, "Detecting cheating in
 * submissions", swe-bench.github.io data/posts/20251119-cheating.md): comments removed, files the
 * gold patch does not edit ignored, hunks compared after parsing. One fixture per rule, then the
 * bundled sample's gold (100%) and wrong (0%) predictions in the report and the gate.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactMatch } from "../src/report/contamination/exact-match.ts";
import { loadDataset } from "../src/dataset/load.ts";
import { runGate } from "../src/report/gate/gate.ts";
import { writeReport } from "../src/report/write-report.ts";
import { makeRun } from "./fixtures/report/make-run.ts";
import { SAMPLE_DIR } from "./helpers/eval-run.ts";

const GOLD = [
  "diff --git a/pkg/m.py b/pkg/m.py",
  "--- a/pkg/m.py",
  "+++ b/pkg/m.py",
  "@@ -1,3 +1,4 @@",
  " def f(x):",
  "-    return x",
  "+    # negative values are clamped",
  "+    return max(x, 0)",
  " ",
  "",
].join("\n");

const hunk = (header: string, ...body: string[]) => [header, ...body].join("\n");
const file = (path: string, ...hunks: string[]) => [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunks].join("\n");

describe("exact match, one fixture per rule", () => {
  it("the gold patch itself matches", () => {
    expect(exactMatch(GOLD, GOLD)).toBe("match");
  });

  it("rule 1, comments removed: a prediction without the gold's comment line, or with another comment, still matches", () => {
    const without = `${file("pkg/m.py", hunk("@@ -1,3 +1,3 @@", " def f(x):", "-    return x", "+    return max(x, 0)", " "))}\n`;
    const otherComment = `${file("pkg/m.py", hunk("@@ -1,3 +1,5 @@", " def f(x):", "-    return x", "+  # clamp (ours)", "+    return max(x, 0)", "+# end", " "))}\n`;
    expect(exactMatch(GOLD, without)).toBe("match");
    expect(exactMatch(GOLD, otherComment)).toBe("match");
  });

  it("rule 2, files the gold patch does not edit are ignored: an extra file still matches; a missing gold file does not", () => {
    const extra = `${file("pkg/m.py", hunk("@@ -1,3 +1,3 @@", " def f(x):", "-    return x", "+    return max(x, 0)", " "))}\n${file("tests/test_m.py", hunk("@@ -1 +1,2 @@", " import m", "+import os"))}\n`;
    expect(exactMatch(GOLD, extra)).toBe("match");
    const elsewhere = `${file("pkg/other.py", hunk("@@ -1,3 +1,3 @@", " def f(x):", "-    return x", "+    return max(x, 0)", " "))}\n`;
    expect(exactMatch(GOLD, elsewhere)).toBe("no-match");
  });

  it("rule 3, hunks compared after parsing: one changed line, or other context around the hunk, is no match", () => {
    const changed = `${file("pkg/m.py", hunk("@@ -1,3 +1,3 @@", " def f(x):", "-    return x", "+    return max(x, 1)", " "))}\n`;
    expect(exactMatch(GOLD, changed)).toBe("no-match");
    const moreContext = `${file("pkg/m.py", hunk("@@ -1,4 +1,4 @@", " def f(x):", "-    return x", "+    return max(x, 0)", " ", " # end"))}\n`;
    expect(exactMatch(GOLD, moreContext)).toBe("no-match");
    const anotherHunkToo = `${file("pkg/m.py", hunk("@@ -1,3 +1,3 @@", " def f(x):", "-    return x", "+    return max(x, 0)", " "), hunk("@@ -10 +10 @@", "-a", "+b"))}\n`;
    expect(exactMatch(GOLD, anotherHunkToo)).toBe("match");
  });

  it("an empty prediction is no match; one that is not a diff is unparseable", () => {
    expect(exactMatch(GOLD, "")).toBe("no-match");
    expect(exactMatch(GOLD, undefined)).toBe("no-match");
    expect(exactMatch(GOLD, "--- a/pkg/m.py\n+++ b/pkg/m.py\n@@ -1,3 +1,3 @@\n-x\n")).toBe("unparseable");
  });
});

describe("the sample's predictions: gold 100%, wrong 0%", () => {
  let parent: string;
  let gold: Map<string, string>;
  let wrong: Map<string, string>;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), "sera-bench-contamination-"));
    const rows = await loadDataset({ dataset: SAMPLE_DIR, offline: true, onNotice: () => undefined });
    gold = new Map(rows.map((row) => [row.instance_id, row.patch]));
    const lines = (await readFile(join(SAMPLE_DIR, "predictions", "wrong.jsonl"), "utf8")).split("\n").filter(Boolean);
    wrong = new Map(lines.map((line) => JSON.parse(line) as { instance_id: string; model_patch: string }).map((p) => [p.instance_id, p.model_patch]));
    expect(wrong.size).toBe(gold.size);
    const meta = { kind: "eval", dataset: "sample", split: "test" };
    for (const [runId, patches] of [["sample-gold", gold], ["sample-wrong", wrong]] as const) {
      await makeRun(parent, { runId, meta, instances: [...patches].map(([id, patch]) => ({ id, outcome: "resolved" as const, patch })) });
    }
  });
  afterAll(async () => rm(parent, { recursive: true, force: true }));

  it("every gold prediction matches, no wrong one does", () => {
    expect([...gold].map(([id, patch]) => [id, exactMatch(patch, patch)])).toEqual([...gold.keys()].map((id) => [id, "match"]));
    expect([...wrong].map(([id, patch]) => [id, exactMatch(gold.get(id) ?? "", patch)])).toEqual([...wrong.keys()].map((id) => [id, "no-match"]));
  });

  it("the report shows 100% (flagged, with the matching instances) and 0%", async () => {
    const report = await writeReport({ runs: [join(parent, "sample-gold"), join(parent, "sample-wrong")], outDir: join(parent, "report"), onNotice: () => undefined });
    const section = report.data.contamination;
    expect(section?.available).toBe(true);
    if (!section?.available) return;
    expect(section.runs.map((r) => [r.runId, r.rate, r.flagged, r.matched.length])).toEqual([["sample-gold", 1, true, 6], ["sample-wrong", 0, false, 0]]);
    const md = await readFile(report.files.md, "utf8");
    expect(md).toContain("sample-gold: exact match with the gold patch 6/6 = 100.0%: FLAGGED, over 20.0%");
    expect(md).toContain("sample-wrong: exact match with the gold patch 0/6 = 0.0%");
    expect(await readFile(report.files.html, "utf8")).toMatch(/<li class="warn">sample-gold: exact match with the gold patch 6\/6 = 100.0%: FLAGGED.*matching: sera-bench__csvlite-1, /);
  });

  it("gate --max-exact-match 0.2 fails the gold run (exit 1) and passes the wrong one", async () => {
    const options = { minResolveRate: 0, reference: undefined, maxDrop: 0, alpha: 0.05, maxErrorRate: undefined, allowIncomplete: false, maxExactMatch: 0.2 };
    const copied = await runGate({ ...options, run: join(parent, "sample-gold") });
    expect(copied.exitCode).toBe(1);
    expect(copied.verdict).toContain("FAILED max-exact-match: sample-gold: exact match with the gold patch 6/6 = 100.0%");
    const own = await runGate({ ...options, run: join(parent, "sample-wrong") });
    expect(own.exitCode, own.verdict).toBe(0);
  });
});
