import { describe, expect, it } from "vitest";
import {
  getCreatedFiles,
  getDeletedFiles,
  getModifiedFiles,
  parsePatchFiles,
  PatchParseError,
} from "../src/grading/diff-reader.ts";
import { diffHeaderTargets, djangoTestModule, getTestDirectives } from "../src/evaluation/spec/test-directives.ts";

const modified = [
  "diff --git a/pkg/tests/test_a.py b/pkg/tests/test_a.py",
  "index 1111111..2222222 100644",
  "--- a/pkg/tests/test_a.py",
  "+++ b/pkg/tests/test_a.py",
  "@@ -1,3 +1,3 @@",
  " keep",
  "--- a removed line that looks like a file header",
  "+++ an added line that looks like a file header",
  " keep",
].join("\n");

const created = [
  "diff --git a/pkg/tests/test_new.py b/pkg/tests/test_new.py",
  "new file mode 100644",
  "index 0000000..3333333",
  "--- /dev/null",
  "+++ b/pkg/tests/test_new.py",
  "@@ -0,0 +1,2 @@",
  "+def test_new():",
  "+    pass",
].join("\n");

const deleted = [
  "diff --git a/pkg/tests/test_old.py b/pkg/tests/test_old.py",
  "deleted file mode 100644",
  "index 4444444..0000000",
  "--- a/pkg/tests/test_old.py",
  "+++ /dev/null",
  "@@ -1 +0,0 @@",
  "-gone",
].join("\n");

const renamed = [
  "diff --git a/pkg/tests/py3_test_b.py b/pkg/tests/test_b.py",
  "similarity index 95%",
  "rename from pkg/tests/py3_test_b.py",
  "rename to pkg/tests/test_b.py",
  "--- a/pkg/tests/py3_test_b.py",
  "+++ b/pkg/tests/test_b.py",
  "@@ -1 +1 @@",
  "-old",
  "+new",
].join("\n");

const binaryCreated = [
  "diff --git a/pkg/tests/data/img.png b/pkg/tests/data/img.png",
  "new file mode 100644",
  "index 0000000..5555555",
  "Binary files /dev/null and b/pkg/tests/data/img.png differ",
].join("\n");

describe("parsePatchFiles / getModifiedFiles (unidiff semantics)", () => {
  it("classifies modified, created, deleted, renamed and binary-created files", () => {
    const patch = [modified, created, deleted, renamed, binaryCreated, ""].join("\n");
    expect(parsePatchFiles(patch).map((file) => file.change)).toEqual(["modified", "created", "deleted", "renamed", "created"]);
    expect(getModifiedFiles(patch)).toEqual(["pkg/tests/test_a.py", "pkg/tests/test_old.py", "pkg/tests/py3_test_b.py"]);
    expect(getCreatedFiles(patch)).toEqual(["pkg/tests/test_new.py", "pkg/tests/data/img.png"]);
    expect(getDeletedFiles(patch)).toEqual(["pkg/tests/test_old.py"]);
  });

  it("does not take hunk lines starting with --- / +++ for file headers", () => {
    expect(parsePatchFiles(modified)).toEqual([
      { source: "a/pkg/tests/test_a.py", target: "b/pkg/tests/test_a.py", change: "modified" },
    ]);
  });

  it("keeps the source of a pure rename (no ---/+++ lines) from the git header", () => {
    const pure = "diff --git a/old/x.py b/new/x.py\nsimilarity index 100%\nrename from old/x.py\nrename to new/x.py\n";
    expect(parsePatchFiles(pure)).toEqual([{ source: "a/old/x.py", target: "b/new/x.py", change: "renamed" }]);
    expect(getModifiedFiles(pure)).toEqual(["old/x.py"]);
  });

  it("keeps C-quoted names as written, so upstream's a/ filter drops them", () => {
    const quoted = 'diff --git "a/t\\303\\251st.py" "b/t\\303\\251st.py"\n--- "a/t\\303\\251st.py"\n+++ "b/t\\303\\251st.py"\n@@ -1 +1 @@\n-a\n+b\n';
    expect(parsePatchFiles(quoted)).toEqual([
      { source: '"a/t\\303\\251st.py"', target: '"b/t\\303\\251st.py"', change: "modified" },
    ]);
    expect(getModifiedFiles(quoted)).toEqual([]);
  });

  it("splits a header path with spaces at the last ' b/' and then opens a second entry, as unidiff does", () => {
    const spaced = "diff --git a/dir b/x.py b/dir b/x.py\n--- a/dir b/x.py\t\n+++ b/dir b/x.py\t\n@@ -1 +1 @@\n-a\n+b\n";
    expect(getModifiedFiles(spaced)).toEqual(["dir b/x.py b/dir", "dir b/x.py"]);
  });

  it("throws on a malformed hunk, where unidiff raises", () => {
    expect(() => parsePatchFiles("--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n-a\n+b\n")).toThrow(PatchParseError);
    expect(() => parsePatchFiles("--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n*a\n")).toThrow(/line 4: hunk line expected/);
  });

  it("drops names without the a/ prefix, as upstream does (--no-prefix patches reset nothing)", () => {
    const noPrefix = "diff --git x.py x.py\n--- x.py\n+++ x.py\n@@ -1 +1 @@\n-a\n+b\n";
    expect(parsePatchFiles(noPrefix)).toHaveLength(1);
    expect(getModifiedFiles(noPrefix)).toEqual([]);
  });

  it("handles plain (non-git) unified diffs and an empty patch", () => {
    const plain = "--- a/x.py\t2020-01-01\n+++ b/x.py\t2020-01-02\n@@ -1 +1 @@\n-a\n+b\n--- /dev/null\n+++ b/y.py\n@@ -0,0 +1 @@\n+c\n";
    expect(getModifiedFiles(plain)).toEqual(["x.py"]);
    expect(getCreatedFiles(plain)).toEqual(["y.py"]);
    expect(parsePatchFiles("")).toEqual([]);
  });
});

describe("getTestDirectives (official get_test_directives quirks)", () => {
  const header = (path: string) => `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n`;

  it("keeps b/ paths in patch order, created files included, and drops NON_TEST_EXTS", () => {
    const patch = [renamed, created, header("tests/data.json"), header("tests/table_csv"), header("docs/index.rst"), header("setup.cfg")].join("\n");
    expect(getTestDirectives({ repo: "pydata/xarray", test_patch: patch })).toEqual([
      "pkg/tests/test_b.py",
      "pkg/tests/test_new.py",
      "docs/index.rst",
      "setup.cfg",
    ]);
  });

  it("turns Django test paths into dotted modules, and lets an all-filtered patch run everything", () => {
    expect(djangoTestModule("tests/template_tests/filter_tests/test_add.py")).toBe("template_tests.filter_tests.test_add");
    expect(djangoTestModule("django/contrib/admin/tests.py")).toBe("django.contrib.admin.tests");
    const patch = [header("tests/i18n/tests.py"), header("tests/i18n/locale/README.txt")].join("\n");
    expect(getTestDirectives({ repo: "django/django", test_patch: patch })).toEqual(["i18n.tests"]);
    expect(getTestDirectives({ repo: "django/django", test_patch: header("tests/notes.txt") })).toEqual([]);
  });

  it("matches headers anywhere in the text and splits a spaced path at its last ' b/'", () => {
    const embedded = `${header("tests/test_x.py")}@@ -1 +1,2 @@\n x\n+s = "diff --git a/foo b/bar.py"\n`;
    expect(diffHeaderTargets(embedded)).toEqual(["tests/test_x.py", 'bar.py"']);
    expect(diffHeaderTargets("diff --git a/dir b/x.py b/dir b/x.py\n")).toEqual(["x.py"]);
    expect(diffHeaderTargets('diff --git "a/q.py" "b/q.py"\n')).toEqual([]);
  });

  it("uses test.py for swe-bench/humaneval", () => {
    expect(getTestDirectives({ repo: "swe-bench/humaneval", test_patch: created })).toEqual(["test.py"]);
  });
});
