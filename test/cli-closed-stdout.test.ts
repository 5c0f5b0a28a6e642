/**
 * A reader that stops reading (`sera-bench gate ... | head -1`) must not change a command's exit
 * code: a write to a closed stdout is not a failure of the command (issue 18, item 4.1).
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRun } from "./fixtures/report/make-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "src", "cli", "main.ts");

type Reader = "all" | "first-line" | "none";

/**
 * Runs the CLI with stdout piped to a reader: "all" reads to the end; "first-line" closes the pipe
 * after the first line (as `head -1`); "none" closes it before the command writes anything.
 */
function cli(args: readonly string[], reader: Reader): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  if (reader === "none") child.stdout.destroy();
  else {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (reader === "first-line" && stdout.includes("\n")) child.stdout.destroy();
    });
  }
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

let parent: string;
let passing: string;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "sera-bench-closed-stdout-"));
  passing = await makeRun(parent, { runId: "all-resolved", instances: [{ id: "a__b-1", outcome: "resolved" }, { id: "a__b-2", outcome: "resolved" }] });
});
afterAll(async () => rm(parent, { recursive: true, force: true }));

describe("a closed stdout", () => {
  it("gate PASS exits 0 and gate INVALID exits 2 whether or not the reader stops early", async () => {
    const cases = [
      { args: ["gate", passing, "--min-resolve-rate", "1"], code: 0 },
      { args: ["gate", join(parent, "no-such-run"), "--min-resolve-rate", "1"], code: 2 },
    ];
    for (const { args, code } of cases) {
      const whole = await cli(args, "all");
      expect(whole.code, whole.stderr).toBe(code);
      expect(whole.stdout.split("\n").length).toBeGreaterThan(2);
      for (const reader of ["first-line", "none"] as const) {
        const cut = await cli(args, reader);
        expect(cut.stderr, `${args.join(" ")} with reader ${reader}`).not.toContain("EPIPE");
        expect(cut.code, `${args.join(" ")} with reader ${reader}`).toBe(code);
      }
    }
  });

  it("--help and a usage error keep their exit codes (0 and 1)", async () => {
    expect((await cli(["report", "--help"], "none")).code).toBe(0);
    const usage = await cli(["report"], "none");
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("Run with --help for usage.");
  });
});
