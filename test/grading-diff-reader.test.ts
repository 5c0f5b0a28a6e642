/** The one diff reader: inputs on which its two views differ, each as its former reader read it. */
import { describe, expect, it } from "vitest";
import { DEV_NULL, PatchParseError, readDiff } from "../src/grading/diff-reader.ts";

describe("readDiff: integrity and unidiff views of one walk", () => {
  it("reads a hunk after a lone +++ as a body for unidiff only; the integrity view finds the --- header in it", () => {
    const { files, patchFiles } = readDiff("+++ b/x.py\n@@ -1 +1 @@\n--- a/conftest.py\n+++ b/conftest.py\n@@ -1 +1 @@\n-a\n+b\n");
    expect(files).toEqual([{ oldPath: "conftest.py", newPath: "conftest.py", addedLines: ["b"] }]);
    expect(patchFiles).toEqual([{ source: DEV_NULL, target: "b/x.py", change: "created" }]);
  });

  it("lets a --- naming another file open a second unidiff entry but only set the integrity view's old path", () => {
    const { files, patchFiles } = readDiff("diff --git a/x.py b/x.py\n--- a/y.py\n+++ b/x.py\n@@ -1 +1 @@\n-a\n+b\n");
    expect(files).toEqual([{ oldPath: "y.py", newPath: "x.py", addedLines: ["b"] }]);
    expect(patchFiles).toEqual([
      { source: "a/x.py", target: "b/x.py", change: "modified" },
      { source: "a/y.py", target: "b/x.py", change: "renamed" },
    ]);
  });

  it("fails the unidiff view on a malformed hunk while the integrity view reads on", () => {
    const { files, patchFiles } = readDiff("--- a/x.py\n+++ b/x.py\n@@ -1 +1,2 @@\n-a\n+b\n*c\n");
    expect(files).toEqual([{ oldPath: "x.py", newPath: "x.py", addedLines: ["b"] }]);
    expect(patchFiles).toBeInstanceOf(PatchParseError);
    expect(String(patchFiles)).toMatch(/patch line 6: hunk line expected/);
  });
});
