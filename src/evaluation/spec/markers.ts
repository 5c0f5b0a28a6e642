/**
 * Marker strings shared by the eval script and grading. The script prints them through `set -x`
 * (`+ : '>>>>> Start Test Output'`); grading splits the log on the bare substrings.
 */
export const START_TEST_OUTPUT = ">>>>> Start Test Output";
export const END_TEST_OUTPUT = ">>>>> End Test Output";
/** v5: the test command's own exit status, echoed after the end marker. */
export const TEST_EXIT_CODE = ">>>>> Test Exit Code";
export const TEST_EXIT_CODE_VAR = "SWEBENCH_TEST_EXIT_CODE";
