/**
 * A command that fails on its inputs leaves no empty `results/<run-id>/` behind (issue 18, item 4.7):
 * the folders this invocation created are removed when nothing was written in them; a folder that
 * was there before, or holds an earlier attempt's files, is kept as it was.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareSampleImages, SAMPLE_DIR, SAMPLE_IDS, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const CLI = join(REPO_ROOT, "src", "cli", "main.ts");

function cli(args: readonly string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { status: result.status, stderr: result.stderr };
}

let dir: string;
let malformed: string;
let unknownId: string;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("input-errors");
  malformed = join(dir, "malformed.jsonl");
  await writeFile(malformed, `${JSON.stringify({ instance_id: SAMPLE_IDS[0], model_name_or_path: "m", model_patch: "" })}\n{not json\n`);
  unknownId = join(dir, "unknown-id.jsonl");
  await writeFile(unknownId, `${JSON.stringify({ instance_id: "sera-bench__nope-9", model_name_or_path: "m", model_patch: "" })}\n`);
});

describe("a command that fails on its inputs", () => {
  it("creates neither the output folder nor the run folder (bad predictions file, unknown id, bad option)", () => {
    const cases = [
      { name: "malformed", args: ["-p", malformed], says: /malformed\.jsonl line 2/ },
      { name: "unknown-prediction", args: ["-p", unknownId], says: /sera-bench__nope-9/ },
      { name: "unknown-selection", args: ["-p", "gold", "-i", "sera-bench__nope-9"], says: /sera-bench__nope-9/ },
      { name: "bad-option", args: ["-p", "gold", "--memory", "12q"], says: /--memory/ },
    ];
    for (const { name, args, says } of cases) {
      const output = join(dir, `out-${name}`);
      const run = cli(["eval", "-d", SAMPLE_DIR, "--run-id", name, "-o", output, ...args]);
      expect(run.status, name).toBe(1);
      expect(run.stderr, name).toMatch(says);
      expect(existsSync(output), `${name}: ${output} was left behind`).toBe(false);
    }
  });

  it("removes only what it created: an existing output folder and an earlier attempt's files stay", async () => {
    const output = join(dir, "kept");
    await mkdir(join(output, "earlier"), { recursive: true });
    await writeFile(join(output, "earlier", "run.json"), "{}\n");
    const fresh = cli(["eval", "-d", SAMPLE_DIR, "--run-id", "fresh", "-o", output, "-p", malformed]);
    expect(fresh.status).toBe(1);
    expect(readdirSync(output)).toEqual(["earlier"]);
    const again = cli(["eval", "-d", SAMPLE_DIR, "--run-id", "earlier", "-o", output, "-p", malformed]);
    expect(again.status).toBe(1);
    expect(readdirSync(join(output, "earlier"))).toEqual(["run.json"]);
  });
});
