/** The pure parts of `--repeat N`: one stability per instance from its evaluations, and the flake list. */
import { describe, expect, it } from "vitest";
import { makeFlakeList } from "../src/run/files/flake-list.ts";
import { assessStability } from "../src/run/files/stability.ts";
import type { EvaluationRecord } from "../src/run/files/stability.ts";
import type { InstanceResult } from "../src/evaluation/outcome.ts";

const ID = "x__y-1";
function evaluation(status: EvaluationRecord["status"], passed: readonly string[], failed: readonly string[]): EvaluationRecord {
  const tests_status = { FAIL_TO_PASS: { success: ["t_f2p"], failure: [] }, PASS_TO_PASS: { success: [...passed], failure: [...failed] } };
  return { status, report: status === "error" ? undefined : { [ID]: { resolved: status === "resolved", tests_status } } };
}

describe("assessStability", () => {
  it("flaky when verdicts differ, naming each flipped test with where it passed and failed", () => {
    const s = assessStability(ID, [evaluation("resolved", ["a", "b"], []), evaluation("unresolved", ["a"], ["b"]), evaluation("resolved", ["a", "b"], [])]);
    expect(s).toMatchObject({ stability: "flaky", repeats: 3, verdicts: ["resolved", "unresolved", "resolved"] });
    expect(s.flipped_tests).toEqual([{ test: "b", bucket: "PASS_TO_PASS", passed_in: [1, 3], failed_in: [2] }]);
  });

  it("stable when every verdict is the same, even if a test flipped without changing it", () => {
    const s = assessStability(ID, [evaluation("unresolved", ["a"], ["b"]), evaluation("unresolved", [], ["a", "b"])]);
    expect(s.stability).toBe("stable");
    expect(s.flipped_tests.map((t) => t.test)).toEqual(["a"]);
  });

  it("unknown when a repeat ended in an error and the others agree", () => {
    expect(assessStability(ID, [evaluation("resolved", ["a"], []), evaluation("error", [], [])]).stability).toBe("unknown");
    expect(assessStability(ID, [evaluation("resolved", ["a"], []), evaluation("error", [], []), evaluation("unresolved", [], ["a"])]).stability).toBe("flaky");
  });
});

describe("makeFlakeList", () => {
  it("counts resolved (the first evaluation), resolved-stable and the flaky ids with their evidence", () => {
    const result = (id: string, status: InstanceResult["status"]): InstanceResult => ({ instance_id: id, status, verdicts_disagree: false, test_output_truncated: false, timings_ms: {}, started_at: "", finished_at: "" });
    const stable = assessStability("s-1", [evaluation("resolved", ["a"], []), evaluation("resolved", ["a"], [])]);
    const flaky = { ...assessStability(ID, [evaluation("resolved", ["a"], []), evaluation("unresolved", [], ["a"])]), instance_id: ID };
    const list = makeFlakeList({ runId: "r" }, [result("s-1", "resolved"), result(ID, "resolved"), result("n-1", "error")], new Map([["s-1", stable], [ID, flaky]]));
    expect(list).toMatchObject({ repeats: 2, evaluated: 2, resolved: 2, resolved_stable: 1, flaky_ids: [ID], unknown_ids: [] });
    expect(list.instances).toEqual([{ instance_id: ID, verdicts: ["resolved", "unresolved"], tests: flaky.flipped_tests }]);
  });
});
