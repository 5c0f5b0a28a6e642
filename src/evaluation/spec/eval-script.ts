import type { Instance } from "../../dataset/row.ts";
import { getModifiedFiles } from "../../grading/diff-reader.ts";
import { END_TEST_OUTPUT, START_TEST_OUTPUT } from "./markers.ts";
import { defaultSpecCatalog, lookupInstanceFix, lookupRepoSpec, type SpecCatalog } from "./repo-specs.ts";
import { diffHeaderTargets, getTestDirectives } from "./test-directives.ts";

/**
 * The per-instance eval.sh, byte for byte as the official generators write it (Python repos).
 *
 * Rules:
 * - "current" (default; reproduces the Verified `eval_script` column): reset every file the test
 *   patch names (its `diff --git` b/ paths, created files included, the new name of a rename), and
 *   run the per-instance fixes from harness/specs/fixes.json before the tests.
 * - "v4.1.0": reset only files that exist before the test patch (unidiff `get_modified_files`), so
 *   files the test patch creates are never reset (issue #538/#631); no per-instance fixes.
 */
export const EVAL_SCRIPT_RULES = ["current", "v4.1.0"] as const;
export type EvalScriptRules = (typeof EVAL_SCRIPT_RULES)[number];

export type EvalScriptInput = Pick<Instance, "instance_id" | "repo" | "version" | "base_commit" | "test_patch">;

export interface EvalScriptOptions {
  readonly rules?: EvalScriptRules;
  readonly catalog?: SpecCatalog;
}

const WORKDIR = "/testbed";
const CONDA_ENV = "testbed";
const TEST_PATCH_DELIMITER = "EOF_114329324912";
const SCRIPT_HEADER = ["#!/bin/bash", "set -uxo pipefail"];
const ACTIVATE_ENV = ["source /opt/miniconda3/bin/activate", `conda activate ${CONDA_ENV}`];

/** Informational: records the tree the model left, before anything is reinstalled. */
function recordTreeState(baseCommit: string): string[] {
  return [
    `git config --global --add safe.directory ${WORKDIR}`,
    `cd ${WORKDIR}`,
    "git status",
    "git show",
    `git -c core.fileMode=false diff ${baseCommit}`,
  ];
}

function filesToReset(instance: EvalScriptInput, rules: EvalScriptRules): string[] {
  return rules === "current" ? diffHeaderTargets(instance.test_patch) : getModifiedFiles(instance.test_patch);
}

function applyTestPatch(testPatch: string): string {
  return `git apply -v - <<'${TEST_PATCH_DELIMITER}'\n${testPatch}\n${TEST_PATCH_DELIMITER}`;
}

export function generateEvalScript(instance: EvalScriptInput, options: EvalScriptOptions = {}): string {
  const rules = options.rules ?? "current";
  const catalog = options.catalog ?? defaultSpecCatalog();
  const { spec, directives } = lookupRepoSpec(instance, catalog);
  const fix = rules === "current" ? lookupInstanceFix(instance.instance_id, catalog) : undefined;
  // Upstream writes `git checkout {base} {files}`: with no files the line keeps its trailing space.
  const resetTestFiles = `git checkout ${instance.base_commit} ${filesToReset(instance, rules).join(" ")}`;
  const testCommand = [spec.testCmd, ...getTestDirectives(instance, directives)].join(" ");
  const lines = [
    ...SCRIPT_HEADER,
    ...ACTIVATE_ENV,
    `cd ${WORKDIR}`,
    ...(spec.evalCommands ?? []),
    ...recordTreeState(instance.base_commit),
    ...ACTIVATE_ENV,
    ...(spec.install === undefined ? [] : [spec.install]),
    resetTestFiles,
    applyTestPatch(instance.test_patch),
    ...(fix?.commandsBeforeTests ?? []),
    `: '${START_TEST_OUTPUT}'`,
    testCommand,
    `: '${END_TEST_OUTPUT}'`,
    resetTestFiles,
  ];
  return `${lines.join("\n")}\n`;
}
