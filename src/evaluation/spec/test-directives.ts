/**
 * Test directives: the arguments appended to a repo's test command (official `get_test_directives`).
 * Pure. Reproduces the upstream quirks on purpose:
 * - paths come from the regex `diff --git a/.* b/(.*)` run over the whole test patch (not anchored
 *   to line starts; greedy, so a path containing " b/" splits at its last occurrence; `.` stops
 *   only at "\n", hence `[^\n]` here);
 * - files ending in one of NON_TEST_EXTS are dropped; "csv" has no dot, so `foo_csv` is dropped too;
 * - Django: `.py` and a leading `tests/` are removed and slashes become dots (dotted test modules).
 * If every file is filtered out, the list is empty and the test command runs the whole suite.
 */
import type { DirectiveStyle } from "./spec-schema.ts";

export const NON_TEST_EXTS = [".json", ".png", "csv", ".txt", ".md", ".jpg", ".jpeg", ".pkl", ".yml", ".yaml", ".toml"] as const;

const DIFF_HEADER_TARGET = /diff --git a\/[^\n]* b\/([^\n]*)/g;

/** Every `b/` path named by a `diff --git` header, in patch order (created files included). */
export function diffHeaderTargets(patch: string): string[] {
  return [...patch.matchAll(DIFF_HEADER_TARGET)].map((match) => match[1] ?? "");
}

function isTestFile(path: string): boolean {
  return !NON_TEST_EXTS.some((ext) => path.endsWith(ext));
}

/** `tests/template_tests/filter_tests/test_add.py` → `template_tests.filter_tests.test_add` */
export function djangoTestModule(path: string): string {
  const withoutExt = path.endsWith(".py") ? path.slice(0, -".py".length) : path;
  const withoutRoot = withoutExt.startsWith("tests/") ? withoutExt.slice("tests/".length) : withoutExt;
  return withoutRoot.replaceAll("/", ".");
}

/** `style` comes from the repo's spec file; without one, the official rule (keyed by repo) applies. */
export function getTestDirectives(instance: { readonly repo: string; readonly test_patch: string }, style?: DirectiveStyle): string[] {
  if (instance.repo === "swe-bench/humaneval") return ["test.py"];
  const directives = diffHeaderTargets(instance.test_patch).filter(isTestFile);
  const dotted = (style ?? (instance.repo === "django/django" ? "django-modules" : "paths")) === "django-modules";
  return dotted ? directives.map(djangoTestModule) : directives;
}
