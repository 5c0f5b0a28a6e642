import { beforeAll, describe, expect, it } from "vitest";
import type { Instance } from "../src/dataset/row.ts";
import { withExitCodeRecording } from "../src/evaluation/spec/test-spec.ts";
import { loadVerifiedRows } from "./helpers/verified.ts";

const small = [
  "#!/bin/bash",
  "set -uxo pipefail",
  ": '>>>>> Start Test Output'",
  "pytest -rA tests/test_x.py",
  ": '>>>>> End Test Output'",
  "git checkout abc tests/test_x.py",
  "",
].join("\n");

describe("withExitCodeRecording (v5 record_test_exit_code)", () => {
  it("captures $? right before the end marker and echoes it right after", () => {
    expect(withExitCodeRecording(small)).toBe(
      [
        "#!/bin/bash",
        "set -uxo pipefail",
        ": '>>>>> Start Test Output'",
        "pytest -rA tests/test_x.py",
        "SWEBENCH_TEST_EXIT_CODE=$?",
        ": '>>>>> End Test Output'",
        'echo ">>>>> Test Exit Code: $SWEBENCH_TEST_EXIT_CODE"',
        "git checkout abc tests/test_x.py",
        "",
      ].join("\n"),
    );
  });

  it("leaves a script without an end marker unchanged", () => {
    const script = "#!/bin/bash\necho hi\n";
    expect(withExitCodeRecording(script)).toBe(script);
  });

  it("acts on the first line containing the marker only", () => {
    const twice = "a\n: '>>>>> End Test Output'\nb\n: '>>>>> End Test Output'\n";
    expect(withExitCodeRecording(twice)).toBe(
      'a\nSWEBENCH_TEST_EXIT_CODE=$?\n: \'>>>>> End Test Output\'\necho ">>>>> Test Exit Code: $SWEBENCH_TEST_EXIT_CODE"\nb\n: \'>>>>> End Test Output\'\n',
    );
  });

  describe("on the Verified scripts", () => {
    let rows: Instance[] = [];
    beforeAll(async () => {
      rows = await loadVerifiedRows();
    });

    it("adds exactly two lines around the end marker, the rest unchanged", () => {
      const broken = rows.filter((row) => {
        const before = (row.eval_script ?? "").split("\n");
        const after = withExitCodeRecording(row.eval_script ?? "").split("\n");
        const end = after.indexOf(": '>>>>> End Test Output'");
        const removed = after.filter((_, i) => i !== end - 1 && i !== end + 1);
        return after[end - 1] !== "SWEBENCH_TEST_EXIT_CODE=$?" || removed.join("\n") !== before.join("\n");
      });
      expect(broken.map((row) => row.instance_id)).toEqual([]);
    });
  });
});
