/**
 * mini-swe-agent's loop on the real engine (sample images, the scripted model over HTTP): every
 * command in a new shell, the config's time-out and its text, the submission line, the step limit
 * without autosubmission, v2's tool calls run in order; mini's own traj.json beside ours. Then the
 * whole sample through `sera-bench run` under both tags (the scripted model playing mini-style).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadProtocolConfig } from "../src/protocol/load.ts";
import type { MiniAgentConfig } from "../src/protocol/schema.ts";
import { miniTrajectoryPath } from "../src/agent/mini/mini-agent.ts";
import { renderTimeoutV1 } from "../src/agent/mini/texts.ts";
import { loadSampleInstances } from "../src/images/sample-images.ts";
import type { Instance } from "../src/dataset/row.ts";
import { scriptedRollout } from "./helpers/agent.ts";
import type { StepInput } from "../src/model/scripted/steps.ts";
import { prepareSampleImages, SAMPLE_DIR, tempDir } from "./helpers/eval-run.ts";
import { REPO_ROOT, SHARED_DATA } from "./helpers/shared.ts";

const ID = "sera-bench__rational-1";
const MINI = join(SHARED_DATA, "mini-swe-agent-published");
const CLI = join(REPO_ROOT, "bin", "sera-bench.js");
const cli = (args: readonly string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });

let dir: string;
let v1: MiniAgentConfig;
let v2: MiniAgentConfig;
let instance: Instance;

async function mini(spec: string): Promise<MiniAgentConfig> {
  const config = await loadProtocolConfig(spec);
  if (config.kind !== "mini-swe-agent") throw new Error(`${spec} is not a mini config`);
  return config;
}

/** A v1 reply: a thought and one ```bash block. */
const say = (command: string): StepInput => ({ type: "text", content: `THOUGHT: next.\n\n\`\`\`bash\n${command}\n\`\`\`` });
/** A v2 reply: `bash` tool calls. */
const call = (...commands: string[]): StepInput => ({ type: "tool_calls", calls: commands.map((command) => ({ name: "bash", arguments: { command } })) });

interface MiniView { role: string; content: string }

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("mini-agent");
  v1 = await mini("mini-swe-agent@v1.17.2");
  v2 = await mini("mini-swe-agent@v2.4.6");
  instance = (await loadSampleInstances(SAMPLE_DIR)).map((s) => s.instance).find((i) => i.instance_id === ID)!;
});

describe("mini-swe-agent v1 loop in a real container", () => {
  it("cd and exported variables do not carry over; the submission line ends the run with the rest of the output as the patch", async () => {
    const submit = v1.mini.submitCommand!;
    const r = await scriptedRollout({
      runId: "mini-state", outputDir: dir, instanceId: ID, config: v1,
      steps: [say("cd /tmp && export MINI_VAR=set && pwd"), say("pwd; echo \"MINI_VAR=[$MINI_VAR]\""), say("echo hello > notes.txt"), say(submit)],
    });
    const users = r.trajectory.history.filter((m) => m.role === "user").map((m) => m.content);
    expect(users[1]).toContain("<output>\n/tmp\n</output>");
    expect(users[2]).toContain("<output>\n/testbed\nMINI_VAR=[]\n</output>");
    expect(r.trajectory.info.exit_status).toBe("submitted");
    const patch = r.trajectory.info.submission ?? "";
    expect(patch).toMatch(/^diff --git a\/notes\.txt b\/notes\.txt\nnew file mode/);
    expect(patch).not.toContain("COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT");
    expect((r.trajectory.info as { protocol_exit_status?: string }).protocol_exit_status).toBe("Submitted");
    // mini's own record, in the format of the tag's tests/test_data/*.traj.json
    const own = JSON.parse(readFileSync(miniTrajectoryPath(r.summary.layout.trajectory(ID)), "utf8")) as MiniView[];
    const reference = JSON.parse(readFileSync(join(MINI, "v1.17.2", "tests", "test_data", "github_issue.traj.json"), "utf8")) as MiniView[];
    const shape = (messages: MiniView[]) => messages.map((m) => `${m.role}:${Object.keys(m).sort().join(",")}`);
    expect(new Set(shape(own))).toEqual(new Set(shape(reference)));
    expect(own.map((m) => m.role)).toEqual(["system", "user", ...Array(4).fill(["assistant", "user"]).flat()]);
    expect(own.at(-1)!.content).toBe(patch);
  });

  it("a command past the config's time-out (lowered to 2 s) gets mini's time-out text", async () => {
    const config: MiniAgentConfig = { ...v1, mini: { ...v1.mini, environment: { ...v1.mini.environment, timeoutSeconds: 2 } } };
    const command = "echo started; sleep 30";
    const r = await scriptedRollout({ runId: "mini-timeout", outputDir: dir, instanceId: ID, config, steps: [say(command), say(v1.mini.submitCommand!)] });
    const message = r.trajectory.history.filter((m) => m.role === "user")[1]!.content;
    expect(message).toBe(renderTimeoutV1(config.mini, instance, { calls: 1, cost: 0 }, command, "started\n", ""));
    expect(message).toContain("timed out and has been killed");
    expect(r.trajectory.info.exit_status).toBe("submitted");
  });

  it("zero or two ```bash blocks get the format error; the step limit ends the run with mini's status and no patch", async () => {
    const twoBlocks: StepInput = { type: "text", content: "```bash\nls\n```\nand\n```bash\npwd\n```" };
    const r = await scriptedRollout({
      runId: "mini-limit", outputDir: dir, instanceId: ID, config: v1, limits: { maxSteps: 3 },
      steps: [say("echo changed > notes.txt"), { type: "text", content: "no block here" }, twoBlocks, say(v1.mini.submitCommand!)],
    });
    const users = r.trajectory.history.filter((m) => m.role === "user").map((m) => m.content);
    expect(users[2]).toContain("found 0 actions");
    expect(users[3]).toContain("found 2 actions");
    expect(r.trajectory.info.exit_status).toBe("exit_cost");
    expect((r.trajectory.info as { protocol_exit_status?: string }).protocol_exit_status).toBe("LimitsExceeded");
    expect(r.trajectory.info.submission).toBeNull();
    expect(r.trajectory.info.model_stats.api_calls).toBe(3);
    const prediction = JSON.parse(readFileSync(r.summary.layout.predictions, "utf8").trim().split("\n")[0]!) as { model_patch: string };
    expect(prediction.model_patch).toBe("");
  });
});

describe("mini-swe-agent v2 loop in a real container", () => {
  it("several bash tool calls in one reply run in order, each in a new shell; BASH_ENV is set; the submission needs exit 0", async () => {
    const r = await scriptedRollout({
      runId: "mini-v2", outputDir: dir, instanceId: ID, config: v2,
      steps: [
        call("cd /tmp && pwd", "pwd; echo \"BASH_ENV=$BASH_ENV\""),
        call("echo hello > notes.txt && git add -A && git diff --cached > patch.txt"),
        call("echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT; false"),
        call(v2.mini.submitCommand!),
      ],
    });
    const tools = r.trajectory.history.filter((m) => m.role === "tool").map((m) => m.content);
    expect(tools[0]).toContain("<output>\n/tmp\n</output>");
    expect(tools[1]).toContain(`/testbed\nBASH_ENV=${v2.mini.environment.env.BASH_ENV}\n`);
    expect(tools[3]).toContain("<returncode>1</returncode>");
    expect(r.trajectory.info.exit_status).toBe("submitted");
    expect(r.trajectory.info.submission).toMatch(/^diff --git a\/notes\.txt b\/notes\.txt/);
    expect((r.requests[0]!.body as { tools?: unknown }).tools).toEqual([v2.mini.bashTool]);
  });
});

describe("sera-bench run --agent-config mini-swe-agent@<tag> on the sample", () => {
  for (const tag of ["v1.17.2", "v2.4.6"]) {
    it(`${tag}: the scripted model playing mini-style replies resolves 6/6; run.json names the protocol`, () => {
      const runId = `mini-sample-${tag}`;
      const result = cli(["run", "-d", SAMPLE_DIR, "--model", "scripted", "--agent-config", `mini-swe-agent@${tag}`, "--run-id", runId, "-o", dir, "--workers", "2", "--eval-workers", "2"]);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain("Instances resolved: 6");
      expect(result.stdout).toContain(`Protocol: published (mini-swe-agent@${tag}'s texts`);
      const meta = JSON.parse(readFileSync(join(dir, runId, "run.json"), "utf8")) as { options: { protocol: { label: string; identity: { family: string; version: string } } } };
      expect(meta.options.protocol.label).toBe(`mini-swe-agent@${tag}`);
      expect(meta.options.protocol.identity).toMatchObject({ family: "mini-swe-agent", version: tag });
      expect(existsSync(join(dir, runId, "trajs", "mini-swe-agent", `${ID}.traj.json`))).toBe(true);
    });
  }
});

describe("run --price makes mini-swe-agent's cost limit bind", () => {
  it("a price at which the first call costs more than the config's cost limit: LimitsExceeded after one call, no patch", () => {
    const runId = "mini-priced";
    const result = cli(["run", "-d", SAMPLE_DIR, "-i", ID, "--model", "scripted", "--agent-config", "mini-swe-agent@v1.17.2", "--price", "1000000,1000000,1000000", "--run-id", runId, "-o", dir, "--workers", "1"]);
    expect(result.status, result.stderr).toBe(0);
    const trajectory = JSON.parse(readFileSync(join(dir, runId, "trajs", `${ID}.traj.json`), "utf8")) as { info: { exit_status: string; protocol_exit_status?: string; submission: string | null; model_stats: { api_calls: number } } };
    expect(trajectory.info.exit_status).toBe("exit_cost");
    expect(trajectory.info.protocol_exit_status).toBe("LimitsExceeded");
    expect(trajectory.info.submission).toBeNull();
    expect(trajectory.info.model_stats.api_calls).toBe(1);
    // The price is an input of the rollout: a re-run with another price is another experiment.
    const inputs = JSON.parse(readFileSync(join(dir, runId, "inputs", `${ID}.json`), "utf8")) as { rollout: { price?: unknown } };
    expect(inputs.rollout.price).toEqual({ input: 1000000, cached: 1000000, output: 1000000 });
  });
});
