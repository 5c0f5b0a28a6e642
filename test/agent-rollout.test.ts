/**
 * The agent loop end to end: a scripted OpenAI-compatible server over real HTTP, the production
 * client, the real SWE-agent tools in real containers of the sample images.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { testEngine, waitFor, waitForProcess } from "./helpers/docker.ts";
import { scriptedRollout, solutionSteps } from "./helpers/agent.ts";
import { prepareSampleImages, tempDir } from "./helpers/eval-run.ts";

const ID = "sera-bench__intervals-1";
let dir: string;

beforeAll(async () => {
  await prepareSampleImages();
  dir = await tempDir("agent-rollout");
});

const bash = (command: string) => ({ type: "tool_calls" as const, calls: [{ name: "bash", arguments: { command } }] });
const submit = { type: "tool_calls" as const, calls: [{ name: "submit", arguments: {} }] };

describe("agent rollouts", () => {
  it("fixes a sample bug: edits, reviews, submits; the patch is evaluated resolved", async () => {
    const run = await scriptedRollout({ instanceId: ID, runId: "fix", outputDir: dir, steps: solutionSteps(ID), evaluate: true });
    expect(run.trajectory.info.exit_status).toBe("submitted");
    expect(run.trajectory.info.submission).toContain("+    for interval in sorted(intervals");
    const review = run.trajectory.history.at(-2);
    expect(review?.content).toContain("<diff>");
    expect(run.evaluation?.report.resolved_ids).toEqual([ID]);
    const prediction = readFileSync(run.summary.layout.predictions, "utf8").trim();
    expect(JSON.parse(prediction)).toMatchObject({ instance_id: ID, model_name_or_path: "scripted-test" });
  });

  it("a redone rollout is evaluated again: the verdict is the new patch's, not the earlier report's", async () => {
    const comment = { type: "tool_calls" as const, calls: [{ name: "str_replace_editor", arguments: { command: "insert", path: "/testbed/intervals/core.py", insert_line: 1, new_str: "# touched" } }] };
    const redone = await scriptedRollout({ instanceId: ID, runId: "fix", outputDir: dir, steps: [comment, submit, submit], evaluate: true });
    expect(redone.trajectory.info.submission).toContain("+# touched");
    expect(redone.evaluation?.report.unresolved_ids).toEqual([ID]);
  });

  it("keeps the shell's state between calls and says when a command printed nothing", async () => {
    const run = await scriptedRollout({
      instanceId: ID, runId: "state", outputDir: dir,
      steps: [bash("cd /tmp && export GREETING=hello"), bash("pwd; echo $GREETING"), submit, submit],
    });
    const tools = run.trajectory.history.filter((m) => m.role === "tool").map((m) => m.content);
    expect(tools[0]).toBe("Your last command ran successfully and did not produce any output.");
    expect(tools[1]).toBe("OBSERVATION:\n/tmp\nhello\n");
    expect(run.trajectory.info.exit_status).toBe("submitted");
    expect(run.trajectory.info.submission).toBeNull();
  });

  it("retries 429 (Retry-After) and 500 and records the retries", async () => {
    const run = await scriptedRollout({
      instanceId: ID, runId: "retry", outputDir: dir,
      steps: [{ type: "http_error", status: 429, headers: { "retry-after": "0" } }, { type: "http_error", status: 500 }, bash("echo ok"), submit, submit],
    });
    expect(run.trajectory.info.exit_status).toBe("submitted");
    const retries = run.trajectory.steps.filter((s) => s.kind === "retry").map((s) => s.event?.reason);
    expect(retries).toEqual(["rate_limit", "server_error"]);
    expect(run.trajectory.steps.find((s) => s.kind === "model")?.attempts).toBe(3);
  });

  it("auto-submits the partial patch when the context overflows (exit_context)", async () => {
    const [, , edit] = solutionSteps(ID);
    if (edit === undefined) throw new Error("solution too short");
    const run = await scriptedRollout({ instanceId: ID, runId: "overflow", outputDir: dir, steps: [edit, { type: "context_overflow" }] });
    expect(run.trajectory.info.exit_status).toBe("exit_context");
    expect(run.trajectory.info.submission).toContain("diff --git a/intervals/core.py b/intervals/core.py");
    expect(JSON.parse(readFileSync(run.summary.layout.predictions, "utf8")).model_patch).toContain("intervals/core.py");
  });

  it("with --on-overflow retry resamples, then goes on", async () => {
    const run = await scriptedRollout({
      instanceId: ID, runId: "overflow-retry", outputDir: dir, budget: { onOverflow: "retry", overflowRetries: 2 },
      steps: [{ type: "context_overflow" }, bash("echo again"), submit, submit],
    });
    expect(run.trajectory.info.exit_status).toBe("submitted");
    expect(run.trajectory.steps.filter((s) => s.kind === "overflow")).toHaveLength(1);
  });

  it("stops before calling the server when the counted prompt does not fit the context", async () => {
    const run = await scriptedRollout({ instanceId: ID, runId: "tiny-context", outputDir: dir, budget: { contextTokens: 1024 }, steps: [submit] });
    expect(run.trajectory.info.exit_status).toBe("exit_context");
    expect(run.trajectory.info.exit_message).toMatch(/exceeds the context of 1024 tokens/);
    expect(run.requests.filter((r) => r.path.endsWith("/chat/completions"))).toHaveLength(0);
  });

  it("re-queries malformed calls with SWE-agent's messages, outside the history, then goes on", async () => {
    const run = await scriptedRollout({
      instanceId: ID, runId: "malformed", outputDir: dir,
      steps: [
        { type: "tool_calls", calls: [{ name: "open_file", arguments: { path: "/testbed" } }] },
        { type: "tool_calls", calls: [{ name: "str_replace_editor", arguments: '{"command": "view", "path": ' }] },
        bash("echo recovered"), submit, submit,
      ],
    });
    const requeries = run.trajectory.steps.filter((s) => s.kind === "requery").map((s) => s.message);
    expect(requeries[0]).toBe("Your action could not be parsed properly: Command 'open_file' not found in list of available commands..\n");
    expect(requeries[1]).toBe("Your action could not be parsed properly: Tool call arguments are not valid JSON..\n");
    expect(run.trajectory.history.some((m) => m.content.includes("could not be parsed"))).toBe(false);
    const second = run.requests.filter((r) => r.path.endsWith("/chat/completions"))[1]?.body as { messages: { role: string; content: string }[] };
    expect(second.messages.at(-1)).toMatchObject({ role: "user", content: requeries[0] });
    expect(run.trajectory.info.exit_status).toBe("submitted");
  });

  it("ends with exit_format after three malformed replies in a row, and a cut-off call counts as one", async () => {
    const run = await scriptedRollout({
      instanceId: ID, runId: "format", outputDir: dir,
      steps: [
        { type: "truncated_tool_call", name: "str_replace_editor", partialArguments: '{"command": "create", "path": "/testbed/x.py", "file_te' },
        { type: "tool_calls", calls: [{ name: "str_replace_editor", arguments: { command: "view" } }] },
        { type: "text", content: "I think we are done." },
      ],
    });
    expect(run.trajectory.steps.filter((s) => s.kind === "requery").map((s) => s.reason)).toEqual(["malformed", "format", "format"]);
    expect(run.trajectory.info.exit_status).toBe("exit_format");
    expect(run.trajectory.info.exit_message).toBe("Exit due to repeated format/blocklist/bash syntax errors");
  });

  it("ends with exit_cost at the step limit, submitting the diff so far", async () => {
    const edit = solutionSteps(ID)[2];
    if (edit === undefined) throw new Error("solution too short");
    const run = await scriptedRollout({
      instanceId: ID, runId: "steps", outputDir: dir, limits: { maxSteps: 2 },
      steps: [edit, bash("echo one"), bash("echo two"), submit],
    });
    expect(run.trajectory.info.exit_status).toBe("exit_cost");
    expect(run.trajectory.info.model_stats.api_calls).toBe(2);
    expect(run.trajectory.info.submission).toContain("intervals/core.py");
  });

  it("a container killed under the agent ends the rollout as exit_environment_error, recorded", async () => {
    const engine = testEngine();
    // Kill the container once the agent's `sleep 60` runs in it.
    const killer = (async () => {
      const container = await waitFor(async () => (await engine.listByLabels({ "sera-bench.run-id": "killed-container", "sera-bench.role": "agent" }))[0], "the agent container");
      await waitForProcess(engine, container.id, /^sleep 60$/);
      await engine.docker.getContainer(container.id).kill().catch(() => undefined);
    })();
    const run = await scriptedRollout({ instanceId: ID, runId: "killed-container", outputDir: dir, steps: [bash("sleep 60"), submit, submit] });
    await killer;
    expect(run.trajectory.info.exit_status).toBe("exit_environment_error");
    expect(await engine.listByLabels({ "sera-bench.run-id": "killed-container" })).toEqual([]);
  });
});
