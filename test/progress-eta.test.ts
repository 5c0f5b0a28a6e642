/** The progress display's ETA (issue 21, item 5): a pipeline's, from the items' own durations. */
import { describe, expect, it } from "vitest";
import { EtaEstimate } from "../src/cli/progress.ts";

describe("EtaEstimate", () => {
  it("says nothing before the first item and after the last", () => {
    const eta = new EtaEstimate(4);
    expect(eta.secondsLeft(0, 10)).toBeUndefined();
    eta.itemDone(10);
    expect(eta.secondsLeft(10, 10)).toBeUndefined();
  });

  it("with a concurrency: items left x mean duration / concurrency, less half an item in flight", () => {
    const eta = new EtaEstimate(4);
    eta.itemDone(8);
    eta.itemDone(12);
    // 8 left, mean 10 s, 4 at once: 8 x 10 / 4 - 5 = 15 s (not 8 x the time so far per item).
    expect(eta.secondsLeft(2, 10)).toBe(15);
    // The last items, all in flight: half an item.
    expect(eta.secondsLeft(9, 10)).toBe(5);
  });
});
