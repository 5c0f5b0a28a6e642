/**
 * The diff reader behind the integrity flags, and a false-positive guard: none of the 500 gold
 * patches of SWE-bench Verified raises a flag against its own test patch.
 */
import { describe, expect, it } from "vitest";
import { headerPath, parseDiff, touchedPaths } from "../src/grading/diff-reader.ts";
import { integrityFlags } from "../src/grading/integrity.ts";
import { loadVerifiedRows } from "./helpers/verified.ts";

describe("parseDiff", () => {
  it("reads created, modified, deleted and renamed files and only the added lines", () => {
    const patch = [
      "diff --git a/new.py b/new.py",
      "new file mode 100644",
      "--- /dev/null",
      "+++ b/new.py",
      "@@ -0,0 +1,2 @@",
      "+++ looks like a header but is content",
      "+-- so does this",
      "diff --git a/src/m.py b/src/m.py",
      "--- a/src/m.py",
      "+++ b/src/m.py",
      "@@ -1,2 +1,2 @@",
      " keep",
      "-old",
      "+new",
      "\\ No newline at end of file",
      "diff --git a/gone.py b/gone.py",
      "deleted file mode 100644",
      "--- a/gone.py",
      "+++ /dev/null",
      "@@ -1 +0,0 @@",
      "-bye",
      "diff --git a/old name.py b/new name.py",
      "similarity index 100%",
      "rename from old name.py",
      "rename to new name.py",
      "",
    ].join("\n");
    expect(parseDiff(patch)).toEqual([
      { oldPath: null, newPath: "new.py", addedLines: ["++ looks like a header but is content", "-- so does this"] },
      { oldPath: "src/m.py", newPath: "src/m.py", addedLines: ["new"] },
      { oldPath: "gone.py", newPath: null, addedLines: [] },
      { oldPath: "old name.py", newPath: "new name.py", addedLines: [] },
    ]);
    expect([...touchedPaths(parseDiff(patch))]).toEqual(["new.py", "src/m.py", "gone.py", "old name.py", "new name.py"]);
  });

  it("unquotes C-quoted paths and drops diff timestamps", () => {
    expect(headerPath('"b/caf\\303\\251 \\"x\\".py"')).toBe('café "x".py');
    expect(headerPath("a/setup.py\t2024-01-01 00:00:00")).toBe("setup.py");
    expect(headerPath("/dev/null")).toBeNull();
  });

  it("reads plain `diff -u` output without git headers", () => {
    const patch = "--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a\n+b\n--- a/conftest.py\n+++ b/conftest.py\n@@ -1 +1 @@\n-c\n+d\n";
    expect(parseDiff(patch).map((file) => file.newPath)).toEqual(["x.py", "conftest.py"]);
    expect(integrityFlags({ patch })).toEqual(["conftest_touched"]);
  });
});

describe("integrity flags on the Verified gold patches", () => {
  it("raise nothing for any of the 500 instances", async () => {
    const rows = await loadVerifiedRows();
    expect(rows).toHaveLength(500);
    const flagged = rows
      .map((row) => ({
        id: row.instance_id,
        flags: integrityFlags({ patch: row.patch, testPatch: row.test_patch, failToPass: row.FAIL_TO_PASS }),
      }))
      .filter((entry) => entry.flags.length > 0);
    expect(flagged).toEqual([]);
  });
});
