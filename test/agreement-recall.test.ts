/** Soft-verification recall (definition in ../shared/reference/sera-protocol.md), with hand-counted lines. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { agreementOf } from "../src/report/agreement/agreement.ts";
import { countedLines } from "../src/report/agreement/diff-lines.ts";
import { bandOf, softRecall } from "../src/report/agreement/recall.ts";
import { loadRun } from "../src/report/run/load.ts";
import { makeRun } from "./fixtures/report/make-run.ts";

const patch = (...body: string[]) => ["diff --git a/m.py b/m.py", "index 1111111..2222222 100644", "--- a/m.py", "+++ b/m.py", ...body, ""].join("\n");

describe("countedLines", () => {
  it("keeps + and - lines with their sign; skips headers, context, markers and lines empty after the sign", () => {
    const p = patch("@@ -1,4 +1,4 @@", " context", "-old", "+new", "+", "-", "\\ No newline at end of file");
    expect(countedLines(p)).toEqual(["-old", "+new"]);
  });
  it("a removed line starting with '--' (a '--- ' line inside a hunk) is a removed line, not a header", () => {
    const p = patch("@@ -1,2 +1,2 @@", "--- SQL comment", "-- still removed", "+++ added plus plus", "+-- added dashes");
    expect(countedLines(p)).toEqual(["--- SQL comment", "-- still removed", "+++ added plus plus", "+-- added dashes"]);
  });
  it("a hunk header without counts means one line; the next file's headers are skipped", () => {
    const p = [patch("@@ -3 +3 @@", "-a", "+b").trimEnd(), "diff --git a/n.py b/n.py", "--- a/n.py", "+++ b/n.py", "@@ -1,0 +1,1 @@", "+c", ""].join("\n");
    expect(countedLines(p)).toEqual(["-a", "+b", "+c"]);
  });
  it("whitespace is not normalised and empty or null patches have no lines", () => {
    expect(countedLines(patch("@@ -1 +1 @@", "-x ", "+x"))).toEqual(["-x ", "+x"]);
    expect(countedLines("")).toEqual([]);
    expect(countedLines(null)).toEqual([]);
  });
});

describe("softRecall", () => {
  it("identical patches: r = 1 (hard verified)", () => {
    const p = patch("@@ -1 +1 @@", "-a", "+b");
    expect(softRecall(p, p)).toBe(1);
    expect(bandOf(softRecall(p, p))).toBe("hard");
  });
  it("position and file do not matter; 2 of 3 lines found: r = 2/3 (soft)", () => {
    const p1 = patch("@@ -1,2 +1,1 @@", "-a", "-b", "+c");
    const p2 = ["diff --git a/other.py b/other.py", "--- a/other.py", "+++ b/other.py", "@@ -10,1 +10,2 @@", "+c", "-a", "+z", ""].join("\n");
    expect(softRecall(p1, p2)).toBeCloseTo(2 / 3, 14);
    expect(bandOf(2 / 3)).toBe("soft");
  });
  it("repeated lines are a multiset: P1 has '+x' twice, P2 once -> 1 of 2", () => {
    const p1 = patch("@@ -0,0 +1,2 @@", "+x", "+x");
    const p2 = patch("@@ -0,0 +1,1 @@", "+x");
    expect(softRecall(p1, p2)).toBe(0.5);
    expect(softRecall(p2, p1)).toBe(1);
  });
  it("the sign is part of the line: '-x' does not match '+x'; r = 0 is unverified", () => {
    expect(softRecall(patch("@@ -1 +0,0 @@", "-x"), patch("@@ -0,0 +1 @@", "+x"))).toBe(0);
    expect(bandOf(0)).toBe("unverified");
  });
  it("empty P1 (or only headers and context) is undefined, whatever P2 is", () => {
    expect(softRecall("", patch("@@ -1 +1 @@", "-a", "+b"))).toBeUndefined();
    expect(softRecall(patch("@@ -1 +1 @@", " ctx"), patch("@@ -1 +1 @@", "-a", "+b"))).toBeUndefined();
    expect(bandOf(undefined)).toBe("undefined");
    expect(softRecall(patch("@@ -1 +1 @@", "-a", "+b"), "")).toBe(0);
  });
});

describe("agreementOf two runs", () => {
  const parent = mkdtemp(join(tmpdir(), "sera-bench-agreement-"));
  afterAll(async () => rm(await parent, { recursive: true, force: true }));

  it("bands per instance and the resolve rate within each band", async () => {
    const same = patch("@@ -1 +1 @@", "-a", "+b");
    const dirA = await makeRun(await parent, { runId: "cfg-s1", instances: [
      { id: "o__r-1", outcome: "resolved", patch: same },
      { id: "o__r-2", outcome: "unresolved", patch: patch("@@ -1 +1 @@", "-a", "+b") },
      { id: "o__r-3", outcome: "unresolved", patch: patch("@@ -1 +1 @@", "-q", "+w") },
      { id: "o__r-4", outcome: "empty" },
    ] });
    const dirB = await makeRun(await parent, { runId: "cfg-s2", instances: [
      { id: "o__r-1", outcome: "resolved", patch: same },
      { id: "o__r-2", outcome: "resolved", patch: patch("@@ -1 +1 @@", "-a", "+c") },
      { id: "o__r-3", outcome: "unresolved", patch: patch("@@ -1 +1 @@", "-z", "+y") },
      { id: "o__r-4", outcome: "resolved", patch: same },
    ] });
    const result = agreementOf([await loadRun(dirA), await loadRun(dirB)]);
    expect(result.instances.map((i) => [i.instanceId, i.band, i.recall])).toEqual([
      ["o__r-1", "hard", 1], ["o__r-2", "soft", 0.5], ["o__r-3", "unverified", 0], ["o__r-4", "undefined", undefined],
    ]);
    const rates = Object.fromEntries(result.bands.map((b) => [b.band, [b.instances, b.resolveRate]]));
    expect(rates).toEqual({ hard: [1, 1], soft: [1, 0.5], unverified: [1, 0], undefined: [1, 0.5] });
  });

  it("refuses a single run", async () => {
    const dir = await makeRun(await parent, { runId: "alone", instances: [{ id: "o__r-1", outcome: "resolved" }] });
    expect(() => agreementOf([]).runs).toThrow(/at least two runs/);
    await expect(loadRun(dir).then((run) => agreementOf([run]))).rejects.toThrow(/at least two runs \(got 1\)/);
  });
});
