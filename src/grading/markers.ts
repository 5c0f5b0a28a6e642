/** The marker strings the eval script and the harness write into test_output.txt. */
export const START_TEST_OUTPUT = ">>>>> Start Test Output";
export const END_TEST_OUTPUT = ">>>>> End Test Output";

/** Any of these anywhere in the log means "tests not found" (v4.1.0 and v5). */
export const FAILURE_MARKERS = [
  ">>>>> Patch Apply Failed",
  ">>>>> Reset Failed",
  ">>>>> Tests Errored",
  ">>>>> Tests Timed Out",
] as const;

/** v5: `echo ">>>>> Test Exit Code: $SWEBENCH_TEST_EXIT_CODE"`, right after the end marker. */
export const TEST_EXIT_CODE = ">>>>> Test Exit Code";

/**
 * Python `content.split(START)[1].split(END)[0]`: from the first start marker up to the next
 * start marker, cut at the first end marker within that span. Assumes both markers are present.
 */
export function testSection(log: string): string {
  const afterStart = log.split(START_TEST_OUTPUT)[1] ?? "";
  return afterStart.split(END_TEST_OUTPUT)[0] ?? "";
}
