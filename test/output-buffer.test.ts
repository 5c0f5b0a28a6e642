/**
 * CappedOutput: output under the cap comes back exactly; past it the head and the tail are kept
 * around a note. Where the head ends inside a multi-byte character and nothing was dropped, the
 * character must come back whole (the head and the tail are one stream then).
 */
import { describe, expect, it } from "vitest";
import { CappedOutput } from "../src/sandbox/output-buffer.ts";

function capture(maxBytes: number, chunks: readonly string[]): CappedOutput {
  const output = new CappedOutput(maxBytes);
  for (const chunk of chunks) output.push(Buffer.from(chunk, "utf8"));
  return output;
}

describe("CappedOutput", () => {
  it("keeps a multi-byte character that straddles the head's end when nothing is cut", () => {
    // cap 10: head 5 bytes; "abcd" + "é" (2 bytes) puts the head's end inside "é".
    const text = "abcdéfg";
    const output = capture(10, [text]);
    expect(output.truncated).toBe(false);
    expect(output.text()).toBe(text);
  });

  it("does so for a 4-byte character split across pushes, and at the default 10 MiB cap", () => {
    expect(capture(12, ["abcde", "\u{1F600}", "xyz"]).text()).toBe("abcde\u{1F600}xyz");
    const big = `${"a".repeat(5 * 1024 * 1024 - 1)}é${"b".repeat(1024)}`;
    const output = capture(10 * 1024 * 1024, [big]);
    expect(output.truncated).toBe(false);
    expect(output.text()).toBe(big);
  });

  it("past the cap keeps the head and the tail around a note saying how much was dropped", () => {
    const output = capture(10, ["0123456789", "abcdefghij"]);
    expect(output.truncated).toBe(true);
    expect(output.text()).toBe("01234\n[sera-bench: output truncated, 10 bytes dropped from the middle]\nfghij");
  });

  it("replaces invalid UTF-8 with U+FFFD", () => {
    const output = new CappedOutput(100);
    output.push(Buffer.from([0x61, 0xff, 0x62]));
    expect(output.text()).toBe("a\uFFFDb");
  });
});
