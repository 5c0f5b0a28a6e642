/** A bad gate flag is named as the problem, not the run (issue 12, item 16). */
import { describe, expect, it } from "vitest";
import { runGate } from "../src/report/gate/gate.ts";
import { makeRun } from "./fixtures/report/make-run.ts";
import { tempDir } from "./helpers/eval-run.ts";

const options = { run: "results/nightly", minResolveRate: 0.45, reference: undefined, maxDrop: 0, alpha: 0.05, maxErrorRate: undefined, allowIncomplete: false };

describe("gate options", () => {
  it("a bad flag makes the verdict INVALID naming the flag, and does not say the run cannot be judged", async () => {
    const verdict = await runGate({ ...options, minResolveRate: 45 });
    expect(verdict.exitCode).toBe(2);
    expect(verdict.verdict).toBe(
      "INVALID: the gate's options are wrong, so run results/nightly was not looked at; fix them and run the gate again. " +
        "FAILED options: --min-resolve-rate: expected a fraction between 0 and 1 (e.g. 0.45), got 45.",
    );
  });

  it("a run that cannot be read is still the run's problem", async () => {
    const verdict = await runGate({ ...options, run: "/nonexistent/sera-bench-run" });
    expect(verdict.exitCode).toBe(2);
    expect(verdict.verdict).toMatch(/^INVALID: run \/nonexistent\/sera-bench-run cannot be judged/);
  });

  it("a --reference that is neither a run folder nor a baseline is named as --reference (not --baseline)", async () => {
    const run = await makeRun(await tempDir("gate-reference"), { runId: "nightly", instances: [{ id: "a__b-1", outcome: "resolved" }] });
    const verdict = await runGate({ ...options, run, minResolveRate: 0.5, reference: "results/typo" });
    expect(verdict.exitCode).toBe(2);
    expect(verdict.verdict).not.toContain("--baseline");
    expect(verdict.verdict).toContain('--reference "results/typo": no baseline matches (see harness/baselines/*.json); nor is there a run folder at results/typo');
  });
});
