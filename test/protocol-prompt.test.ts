/**
 * SERA's published protocol as the model sees it: `sera-bench prompt` renders, for Verified
 * instances of every repository, a system turn equal to SERA's training system prompt and a user
 * turn equal to e2e.yaml's instance template; the request body carries the published tools and
 * the sampling SWE-agent sends.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAgentConfig } from "../src/protocol/load.ts";
import type { AgentConfig } from "../src/protocol/schema.ts";
import { pythonConstant } from "../src/protocol/python-source.ts";
import { compareSystemTurn } from "../src/protocol/system-prompt-check.ts";
import { parseToolsBlock } from "../src/protocol/tools-block.ts";
import { firstRequest, renderRequest } from "../src/agent/first-request.ts";
import type { Instance } from "../src/dataset/row.ts";
import { REPO_ROOT, SHARED_DATA } from "./helpers/shared.ts";
import { loadVerifiedRows, VERIFIED_PARQUET } from "./helpers/verified.ts";

const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
const PUBLISHED = join(SHARED_DATA, "sera-published");
const TRAINING_PROMPT = pythonConstant(readFileSync(join(PUBLISHED, "allenai-SERA", "sera", "constants.py"), "utf8"), "HERMES_DEFAULT_SYSTEM_PROMPT", "constants.py");
const E2E = parseYaml(readFileSync(join(PUBLISHED, "allenai-SERA", "sera", "configs", "sweagent", "e2e.yaml"), "utf8")) as { agent: { templates: { instance_template: string } } };
const cli = (args: readonly string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

/** e2e.yaml's instance template with /testbed and the problem statement, as SWE-agent's Jinja renders it. */
function expectedUserTurn(instance: Instance): string {
  return E2E.agent.templates.instance_template.split("{{working_dir}}").join("/testbed").split("{{problem_statement}}").join(instance.problem_statement);
}

/** The system and user turns of a rendered Qwen3 prompt, and what follows them. */
function turns(chat: string): { system: string; user: string; rest: string } {
  const match = /^<\|im_start\|>system\n([\s\S]*?)<\|im_end\|>\n<\|im_start\|>user\n([\s\S]*)<\|im_end\|>\n([\s\S]*)$/.exec(chat);
  if (match === null) throw new Error(`not a system + user prompt: ${chat.slice(0, 200)}`);
  return { system: match[1] ?? "", user: match[2] ?? "", rest: match[3] ?? "" };
}

function expectTrainingSystemTurn(system: string): void {
  const outside = (text: string) => text.replace(/^<tools>$[\s\S]*?^<\/tools>$/m, "<tools/>");
  expect(outside(system)).toBe(outside(TRAINING_PROMPT));
  expect(JSON.stringify(parseToolsBlock(system, "rendered"))).toBe(JSON.stringify(parseToolsBlock(TRAINING_PROMPT, "constants.py")));
}

let rows: Instance[];
let config: AgentConfig;
beforeAll(async () => {
  rows = await loadVerifiedRows();
  config = await loadAgentConfig("sera");
});

describe("sera-bench prompt (offline, SERA_BENCH_PUBLISHED_DIR)", () => {
  for (const id of ["django__django-11099", "sympy__sympy-20590", "astropy__astropy-12907", "psf__requests-2317"]) {
    it(`--format chat for ${id}: the training system prompt, then e2e.yaml's instance template`, () => {
      const result = cli(["prompt", "-d", VERIFIED_PARQUET, "-i", id, "--format", "chat"]);
      expect(result.status, result.stderr).toBe(0);
      const { system, user, rest } = turns(result.stdout);
      expectTrainingSystemTurn(system);
      expect(user).toBe(expectedUserTurn(rows.find((r) => r.instance_id === id)!));
      expect(rest).toBe("<|im_start|>assistant\n");
      expect(result.stderr).toMatch(/protocol: published/);
      expect(result.stderr).toMatch(/^\d+ tokens \(Qwen3 chat template/m);
      expect(result.stderr).toContain("system turn: equal to SERA's training system prompt");
    });
  }

  it("every one of the 500 Verified instances renders the same system turn and its own instance template", async () => {
    let checked = 0;
    for (const row of rows) {
      const request = firstRequest(config, row, { model: "allenai/SERA-32B" });
      const rendered = await renderRequest(config, request, undefined);
      const { system, user } = turns(rendered.text);
      expect(compareSystemTurn(system, TRAINING_PROMPT)).toEqual({ equal: true });
      expect(user).toBe(expectedUserTurn(row));
      checked++;
    }
    expect(checked).toBe(500);
  }, 600_000);

  it("--format messages is the request body: published tools, top_p 1.0 and e2e.yaml's temperature sent", () => {
    const result = cli(["prompt", "-d", VERIFIED_PARQUET, "-i", "django__django-11099", "--format", "messages"]);
    expect(result.status, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { model: string; temperature: number; top_p: number; messages: { role: string }[]; tools: unknown[] };
    expect(body).toMatchObject({ model: "allenai/SERA-32B", temperature: 0, top_p: 1, stream: false });
    expect(body.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(JSON.stringify(body.tools)).toBe(JSON.stringify(parseToolsBlock(TRAINING_PROMPT, "constants.py")));
    const flagged = JSON.parse(cli(["prompt", "-d", VERIFIED_PARQUET, "-i", "django__django-11099", "--format", "messages", "--temperature", "0.6", "--top-p", "0.95"]).stdout) as { temperature: number; top_p: number };
    expect(flagged).toMatchObject({ temperature: 0.6, top_p: 0.95 });
  });

  it("the own-words preset says it is custom and its system turn is not the training one", () => {
    const result = cli(["prompt", "-d", VERIFIED_PARQUET, "-i", "django__django-11099", "--agent-config", "sera-own-words"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/protocol: custom \(differs from SERA's published texts in: .*system_template/);
    expect(turns(result.stdout).system).not.toBe(TRAINING_PROMPT);
  });

  it("more than one instance is refused with what to do", () => {
    const many = cli(["prompt", "-d", VERIFIED_PARQUET, "-i", "django__django-11099", "django__django-11133"]);
    expect(many.status).toBe(1);
    expect(many.stderr).toContain("prompt shows one instance; the selection has 2");
  });
});
