/** get_resolution_status: FULL when every counted F2P and P2P test succeeded. */
import type { ResolutionStatus, SuccessFailure, TestsStatus } from "./types.ts";

/** Share of successes; an empty denominator counts as 1 (all tests dropped = all good). */
export function successRate(lists: SuccessFailure): number {
  const total = lists.success.length + lists.failure.length;
  return total === 0 ? 1 : lists.success.length / total;
}

export function resolutionStatus(tests: TestsStatus): ResolutionStatus {
  const f2p = successRate(tests.FAIL_TO_PASS);
  const p2p = successRate(tests.PASS_TO_PASS);
  if (f2p === 1 && p2p === 1) return "RESOLVED_FULL";
  if (f2p > 0 && f2p < 1 && p2p === 1) return "RESOLVED_PARTIAL";
  return "RESOLVED_NO";
}
