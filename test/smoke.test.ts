import { describe, expect, it } from "vitest";
import { instanceRowSchema } from "../src/dataset/row.ts";

describe("instance row schema", () => {
  it("turns JSON-string test lists into arrays", () => {
    const row = instanceRowSchema.parse({
      repo: "a/b", instance_id: "a__b-1", base_commit: "0".repeat(40), patch: "", test_patch: "",
      version: "1.0", FAIL_TO_PASS: '["t1"]', PASS_TO_PASS: "[]",
    });
    expect(row.FAIL_TO_PASS).toEqual(["t1"]);
    expect(row.PASS_TO_PASS).toEqual([]);
  });
});
