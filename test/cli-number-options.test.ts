/**
 * Numeric options refuse an empty value and a non-number, naming the option (issue 18, item 4.4):
 * yargs alone turned '' into 0 (`--max-consecutive-failures ''` meant "never") and "abc" into NaN.
 * One check covers every option declared as a number, of every command.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli } from "../src/cli/build-cli.ts";
import { COMMANDS, commandName } from "../src/cli/command-list.ts";
import { refuseBadNumbers } from "../src/cli/options.ts";
import { tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "src", "cli", "main.ts");
const SAMPLE = join(REPO_ROOT, "instances", "sample");

function cli(args: readonly string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8" });
  return { status: result.status, stderr: result.stderr };
}

/** A command line with its required options, for every command (or subcommand) that has numeric options. */
const LINES: readonly (readonly string[])[] = [
  ["demo"],
  ["eval", "-d", "x", "-p", "gold", "--run-id", "x"],
  ["flakes", "-d", "x", "-p", "gold"],
  ["infer", "-d", "x", "--model", "m", "--run-id", "x"],
  ["run", "-d", "x", "--model", "m", "--run-id", "x"],
  ["prompt", "-d", "x"],
  ["specs", "-d", "x"],
  ["images", "pull", "-d", "x"],
  ["report", "x"],
  ["compare", "a", "b"],
  ["gate", "x"],
  ["serve-scripted", "--script", "x"],
];

/** The help text of a command line, captured (yargs prints nothing and does not exit). */
async function helpOf(line: readonly string[]): Promise<string> {
  const args = [...line, "--help"];
  let help = "";
  await (await buildCli(args)).parseAsync(args, {}, (_error: unknown, _argv: unknown, output: string) => {
    help = output;
  });
  return help;
}

/** The options the help lists as `[number]` (an entry runs from its `-x, --name` line to the next one). */
function numberOptions(help: string): string[] {
  const entries = help.split(/\n(?=\s+-)/);
  return entries.filter((entry) => entry.includes("[number]")).map((entry) => /--([a-z0-9-]+)/.exec(entry)?.[1] ?? entry);
}

/** The message a parse of `args` fails with. */
async function refusal(args: readonly string[]): Promise<string> {
  try {
    await (await buildCli(args)).parseAsync();
    return `not refused: ${args.join(" ")}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

let dir: string;
beforeAll(async () => {
  dir = await tempDir("number-options");
});

describe("numeric options", () => {
  it("--max-consecutive-failures '' and --repeat abc are refused naming the option (exit 1), before a run folder exists", () => {
    const empty = cli(["eval", "-d", SAMPLE, "-p", "gold", "--run-id", "empty", "-o", dir, "--max-consecutive-failures", ""]);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain("sera-bench: --max-consecutive-failures: expected a number, got an empty value");
    const word = cli(["eval", "-d", SAMPLE, "-p", "gold", "--run-id", "word", "-o", dir, "--repeat", "abc"]);
    expect(word.status).toBe(1);
    expect(word.stderr).toContain('sera-bench: --repeat: expected a number, got "abc"');
    expect(existsSync(join(dir, "empty")) || existsSync(join(dir, "word"))).toBe(false);
  });

  it("gate keeps its own exit code for a bad flag (2)", () => {
    const gate = cli(["gate", join(dir, "nothing"), "--min-resolve-rate", "abc"]);
    expect(gate.status).toBe(2);
    expect(gate.stderr).toContain('--min-resolve-rate: expected a number, got "abc"');
  });

  it("every numeric option of every command refuses '', 'abc' and a bare flag", async () => {
    const covered = new Set(LINES.map((line) => line[0]));
    for (const entry of COMMANDS) {
      const name = commandName(entry);
      if (covered.has(name) || name === "images") continue;
      expect(numberOptions(await helpOf([name])), `${name} has numeric options: add it to LINES`).toEqual([]);
    }
    let checked = 0;
    for (const line of LINES) {
      const options = numberOptions(await helpOf(line));
      expect(options.length, line.join(" ")).toBeGreaterThan(0);
      for (const option of options) {
        expect(await refusal([...line, `--${option}`, ""])).toBe(`--${option}: expected a number, got an empty value`);
        expect(await refusal([...line, `--${option}=abc`])).toBe(`--${option}: expected a number, got "abc"`);
        expect(await refusal([...line, `--${option}`])).toBe(`--${option}: expected a number, got an empty value`);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("numbers as given pass: whole, fractional, exponent, repeated, through an alias", () => {
    const declared = { number: ["workers", "timeout", "alpha"], array: [], boolean: [], alias: { workers: ["w"] } };
    expect(refuseBadNumbers(["eval", "-w", "7", "--timeout=1e3", "--alpha", "0.05", "--workers", "2"], declared)).toBe(true);
    expect(() => refuseBadNumbers(["eval", "-w", "Infinity"], declared)).toThrow('--workers: expected a number, got "Infinity"');
  });
});
