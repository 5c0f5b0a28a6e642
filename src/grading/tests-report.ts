/**
 * Per-test classification into success/failure lists (get_eval_tests_report).
 * v4.1.0: passed = PASSED|XFAIL; failed = missing|FAILED|ERROR; anything else (SKIPPED, odd
 * tokens) lands in neither list and drops out of the denominator. Exact names only.
 * v5: a SKIPPED F2P test is a failure, a SKIPPED P2P test a success (#545), and expected ids
 * truncated inside a parametrisation (more `[` than `]`, #290) prefix-match when all candidates
 * agree on pass vs fail. FAIL_ONLY (both): failure iff the exact name is FAILED.
 */
import type { StatusMap } from "./parsers/types.ts";
import type { EvalType, SuccessFailure, TestsStatus } from "./types.ts";

type Outcome = "success" | "failure" | "neither";
type Classifier = (name: string, statusMap: StatusMap) => Outcome;

const isPassing = (status: string | undefined): boolean => status === "PASSED" || status === "XFAIL";
const isFailing = (status: string | undefined): boolean => status === "FAILED" || status === "ERROR";
const count = (text: string, char: string): number => text.split(char).length - 1;

/** v5 `_resolve_case`: the status-map key standing for an expected test name, if any. */
export function resolveCase(name: string, statusMap: StatusMap): string | undefined {
  if (statusMap.has(name)) return name;
  if (count(name, "[") <= count(name, "]")) return undefined;
  const matches = [...statusMap.keys()].filter((key) => key.startsWith(name));
  const verdicts = new Set(matches.map((key) => isPassing(statusMap.get(key))));
  return verdicts.size === 1 ? matches[0] : undefined;
}

const classifyV4: Classifier = (name, statusMap) => {
  const status = statusMap.get(name);
  if (isPassing(status)) return "success";
  return status === undefined || isFailing(status) ? "failure" : "neither";
};

function classifyV5(skipped: Outcome): Classifier {
  return (name, statusMap) => {
    const key = resolveCase(name, statusMap);
    const status = key === undefined ? undefined : statusMap.get(key);
    if (isPassing(status)) return "success";
    if (status === "SKIPPED") return skipped;
    return status === undefined || isFailing(status) ? "failure" : "neither";
  };
}

const classifyFailOnly: Classifier = (name, statusMap) =>
  statusMap.get(name) === "FAILED" ? "failure" : "success";

function split(names: readonly string[], statusMap: StatusMap, classify: Classifier): SuccessFailure {
  const lists: SuccessFailure = { success: [], failure: [] };
  for (const name of names) {
    const outcome = classify(name, statusMap);
    if (outcome !== "neither") lists[outcome].push(name);
  }
  return lists;
}

export interface ExpectedTests {
  readonly failToPass: readonly string[];
  readonly passToPass: readonly string[];
}

function assemble(f2p: SuccessFailure, p2p: SuccessFailure): TestsStatus {
  return {
    FAIL_TO_PASS: f2p,
    PASS_TO_PASS: p2p,
    FAIL_TO_FAIL: { success: [], failure: [] },
    PASS_TO_FAIL: { success: [], failure: [] },
  };
}

export function testsReportV4(statusMap: StatusMap, tests: ExpectedTests, evalType: EvalType): TestsStatus {
  const classify = evalType === "fail_only" ? classifyFailOnly : classifyV4;
  return assemble(split(tests.failToPass, statusMap, classify), split(tests.passToPass, statusMap, classify));
}

export function testsReportV5(statusMap: StatusMap, tests: ExpectedTests, evalType: EvalType): TestsStatus {
  const failOnly = evalType === "fail_only";
  const f2p = failOnly ? classifyFailOnly : classifyV5("failure");
  const p2p = failOnly ? classifyFailOnly : classifyV5("success");
  return assemble(split(tests.failToPass, statusMap, f2p), split(tests.passToPass, statusMap, p2p));
}
