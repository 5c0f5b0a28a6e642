import { END_TEST_OUTPUT, TEST_EXIT_CODE, TEST_EXIT_CODE_VAR } from "./markers.ts";

/**
 * v5 `record_test_exit_code`, as a pure string transform: the script ends with a `git checkout`,
 * so its own exit status is not the tests'. Capture `$?` on the line right before the first line
 * containing the end marker, and echo it on the line right after (outside the graded region).
 * A script without an end marker is returned unchanged (grading then trusts the log alone).
 */
export function withExitCodeRecording(script: string): string {
  const lines = script.split("\n");
  const endIndex = lines.findIndex((line) => line.includes(END_TEST_OUTPUT));
  if (endIndex === -1) return script;
  const endLine = lines[endIndex] ?? "";
  lines.splice(endIndex, 1, `${TEST_EXIT_CODE_VAR}=$?`, endLine, `echo "${TEST_EXIT_CODE}: $${TEST_EXIT_CODE_VAR}"`);
  return lines.join("\n");
}
