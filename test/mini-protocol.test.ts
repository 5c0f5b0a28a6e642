/**
 * mini-swe-agent's protocol as the model sees it: for each pinned tag, the first request for Verified
 * instances, the observation (under and over 10,000 characters), the format error and the time-out
 * texts, byte for byte against mini's own templates rendered by Python's jinja2 (the reference
 * renderer reads the tag's files itself: test/helpers/mini-reference.py). Then the identity of a
 * published tag, of SERA's configs, and of a copied config with one changed word.
 */
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAgentConfig, loadProtocolConfig } from "../src/protocol/load.ts";
import type { MiniAgentConfig } from "../src/protocol/schema.ts";
import { miniFirstMessages, renderFormatErrorV1, renderFormatErrorV2, renderObservation, renderTimeoutV1 } from "../src/agent/mini/texts.ts";
import type { Instance } from "../src/dataset/row.ts";
import { REPO_ROOT, SHARED_DATA } from "./helpers/shared.ts";
import { loadVerifiedRows, VERIFIED_PARQUET } from "./helpers/verified.ts";
import { tempDir } from "./helpers/eval-run.ts";
import { agentPlanFor } from "../src/run/jobs/agent-plan.ts";

const MINI = join(SHARED_DATA, "mini-swe-agent-published");
const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
const cli = (args: readonly string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const TAGS = {
  "v1.17.2": { major: "1", config: "src/minisweagent/config/extra/swebench.yaml" },
  "v2.4.6": { major: "2", config: "src/minisweagent/config/benchmarks/swebench.yaml" },
} as const;
const IDS = ["django__django-11099", "sympy__sympy-20590", "astropy__astropy-12907"];
const COUNTERS = { calls: 0, cost: 0 };

interface Reference { system: string; instance: string; observations: string[]; format_errors: string[]; timeouts: string[] }

function reference(tag: keyof typeof TAGS, request: Record<string, unknown>): Reference {
  const t = TAGS[tag];
  const input = JSON.stringify({ root: join(MINI, tag), config: t.config, major: t.major, observations: [], format_errors: [], timeouts: [], ...request });
  // Debian's Python, whose jinja2 and yaml scripts/ensure-test-deps.sh installs (python3-jinja2, python3-yaml).
  const result = spawnSync("/usr/bin/python3", [join(REPO_ROOT, "test", "helpers", "mini-reference.py")], { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`/usr/bin/python3 mini-reference.py failed (bash scripts/ensure-test-deps.sh installs its jinja2 and yaml): ${result.stderr}`);
  return JSON.parse(result.stdout) as Reference;
}

let rows: Instance[];
const configs = new Map<string, MiniAgentConfig>();
beforeAll(async () => {
  rows = await loadVerifiedRows();
  for (const tag of Object.keys(TAGS)) {
    const config = await loadProtocolConfig(`mini-swe-agent@${tag}`);
    if (config.kind !== "mini-swe-agent") throw new Error("not a mini config");
    configs.set(tag, config);
  }
});

const row = (id: string) => rows.find((r) => r.instance_id === id)!;

describe.each(Object.keys(TAGS) as (keyof typeof TAGS)[])("mini-swe-agent@%s texts", (tag) => {
  it("the system and instance messages of Verified instances are mini's, byte for byte", () => {
    const p = configs.get(tag)!.mini;
    for (const id of IDS) {
      const expected = reference(tag, { task: row(id).problem_statement });
      const [system, user] = miniFirstMessages(p, row(id));
      expect(system.content).toBe(expected.system);
      expect(user.content).toBe(expected.instance);
      expect(user.content).toContain(row(id).problem_statement);
    }
  });

  it("observations under and over 10,000 characters (head, tail, elided count) are mini's", () => {
    const p = configs.get(tag)!.mini;
    const long = `${"a".repeat(6000)}MIDDLE${"z".repeat(6500)}\n`;
    const outputs = p.major === "1"
      ? [{ output: "hello\nworld\n", returncode: 0, action: "echo" }, { output: long, returncode: 2, action: "cat big" }]
      : [{ output: "hello\nworld\n", returncode: 0, exception_info: "" }, { output: long, returncode: 2, exception_info: "" }];
    const expected = reference(tag, { task: "t", observations: outputs });
    const instance = { ...row(IDS[0]!), problem_statement: "t" };
    expect(renderObservation(p, instance, COUNTERS, { output: outputs[0]!.output, returncode: 0, exception_info: "" }, "echo")).toBe(expected.observations[0]);
    const over = renderObservation(p, instance, COUNTERS, { output: long, returncode: 2, exception_info: "" }, "cat big");
    expect(over).toBe(expected.observations[1]);
    expect(over).toContain(`${long.length - 10000} characters elided`);
    expect(over).not.toContain("MIDDLE");
  });

  it("the format error and time-out texts are mini's", () => {
    const p = configs.get(tag)!.mini;
    const instance = { ...row(IDS[0]!), problem_statement: "t" };
    if (p.major === "1") {
      const expected = reference(tag, { task: "t", format_errors: [[], ["ls", "cat x"]], timeouts: [["sleep 100", "partial output\n"]] });
      expect(renderFormatErrorV1(p, instance, COUNTERS, [])).toBe(expected.format_errors[0]);
      expect(renderFormatErrorV1(p, instance, COUNTERS, ["ls", "cat x"])).toBe(expected.format_errors[1]);
      expect(expected.format_errors[1]).toContain("found 2 actions");
      expect(renderTimeoutV1(p, instance, COUNTERS, "sleep 100", "partial output\n", "reply")).toBe(expected.timeouts[0]);
    } else {
      const expected = reference(tag, { task: "t", finish_reasons: ["stop", "length"] });
      expect(renderFormatErrorV2(p, p.texts.noToolCalls ?? "", false, "stop")).toBe(expected.format_errors[0]);
      expect(renderFormatErrorV2(p, p.texts.noToolCalls ?? "", false, "length")).toBe(expected.format_errors[1]);
    }
  });

  it("`prompt --format messages` sends mini's first messages, its tools and its sampling", () => {
    const result = cli(["prompt", "-d", VERIFIED_PARQUET, "-i", IDS[0]!, "--agent-config", `mini-swe-agent@${tag}`, "--format", "messages"]);
    expect(result.status, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { messages: { role: string; content: string }[]; tools?: { function: { name: string } }[]; temperature?: number };
    const expected = reference(tag, { task: row(IDS[0]!).problem_statement });
    expect(body.messages).toEqual([{ role: "system", content: expected.system }, { role: "user", content: expected.instance }]);
    if (TAGS[tag].major === "1") {
      expect(body.tools).toBeUndefined();
      expect(body.temperature).toBe(0);
      expect(body).not.toHaveProperty("drop_params");
    } else {
      expect(body.tools?.map((t) => t.function.name)).toEqual(["bash"]);
      expect(body.temperature).toBeUndefined();
      expect((body as { parallel_tool_calls?: boolean }).parallel_tool_calls).toBe(true);
    }
    expect(result.stderr).toContain(`protocol: published (mini-swe-agent@${tag}'s texts`);
  });

  it("is published: family mini-swe-agent, the tag, the files' sha256", () => {
    const config = configs.get(tag)!;
    expect(config.identity).toMatchObject({ family: "mini-swe-agent", version: tag });
    expect(config.identity.config_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(config.protocol.status).toBe("published");
  });
});

describe("protocol identity", () => {
  it("SERA's published config is family sera at its config commit; the own-words preset is custom based on sera", async () => {
    const sera = await loadAgentConfig("sera");
    expect(sera.identity).toMatchObject({ family: "sera", version: "1ca8673", config_sha256: sera.sha256 });
    const own = await loadAgentConfig("sera-own-words");
    expect(own.identity).toMatchObject({ family: "custom", based_on: "sera" });
    expect(own.identity?.differs?.length).toBeGreaterThan(0);
  });

  it("a copied mini config with one changed word shows in the prompt and is custom, based on mini-swe-agent, naming the part", async () => {
    const dir = await tempDir("mini-custom");
    cpSync(join(MINI, "v1.17.2"), join(dir, "v1.17.2"), { recursive: true });
    const path = join(dir, "v1.17.2", TAGS["v1.17.2"].config);
    writeFileSync(path, readFileSync(path, "utf8").replace("You're a software engineer", "You're a careful software engineer"));
    const config = await loadProtocolConfig(path);
    expect(config.identity).toMatchObject({ family: "custom", based_on: "mini-swe-agent", differs: ["instance_template"] });
    expect(config.protocol.status).toBe("custom");
    const result = cli(["prompt", "-d", VERIFIED_PARQUET, "-i", IDS[0]!, "--agent-config", path, "--format", "messages"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("You're a careful software engineer");
    expect(result.stderr).toMatch(/protocol: custom \(differs from mini-swe-agent@v1\.17\.2's published texts in: instance_template\)/);
  });

  it("a Slurm worker loads the preset again by name from the plan, to the same sha256", async () => {
    const config = configs.get("v1.17.2")!;
    const plan = agentPlanFor({
      command: "infer", model: "m", modelName: "m", baseUrl: "http://127.0.0.1:1/v1", scripted: false, apiKeyFile: undefined, sampling: {},
      requestTimeoutSeconds: 10, tokenizer: "none", budget: { contextTokens: 32768, maxTokens: undefined, onOverflow: "autosubmit", overflowRetries: 0 },
      limits: { maxSteps: 250, maxRequeries: 0, maxConsecutiveTimeouts: 3, instanceTimeoutMs: undefined, tokenBudget: undefined, totalExecutionMs: 1000 },
      agentConfig: { source: config.source, sha256: config.sha256 }, container: {},
    });
    expect(plan.agent_config.source).toBe("mini-swe-agent@v1.17.2");
    expect((await loadProtocolConfig(plan.agent_config.source)).sha256).toBe(config.sha256);
  });

  it("a file in SERA_BENCH_MINI_DIR that is not the tag's published one is refused", async () => {
    const dir = await tempDir("mini-tampered");
    cpSync(join(MINI, "v2.4.6"), join(dir, "v2.4.6"), { recursive: true });
    const path = join(dir, "v2.4.6", TAGS["v2.4.6"].config);
    writeFileSync(path, `${readFileSync(path, "utf8")}\n# changed\n`);
    await expect(loadProtocolConfig("mini-swe-agent@v2.4.6", { mini: { source: { offlineDir: dir, cacheDir: join(dir, "cache") } } })).rejects.toThrow(/not mini-swe-agent's published file/);
  });
});
