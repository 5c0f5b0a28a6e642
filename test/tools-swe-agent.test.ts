import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../src/tools/config.ts";
import { SweAgentTools, type ToolStepResult } from "../src/tools/swe-agent-tools.ts";
import { buildSampleImages } from "../src/images/sample-images.ts";
import type { Sandbox } from "../src/sandbox/types.ts";
import { ensureDockerAndBaseImage, testEngine, testLabels } from "./helpers/docker.ts";

const IMAGE = "sera-bench/sweb.eval.x86_64.sera-bench_1776_semver-1:latest";
const REVIEW = "Review please.\n\n<diff>\n{{diff}}\n</diff>\n";
const engine = testEngine();
const labels = testLabels("tools-swe-agent");
let sandbox: Sandbox;
let tools: SweAgentTools;
let n = 0;

const run = (name: string, args: unknown): Promise<ToolStepResult> => tools.execute({ id: `call_${n++}`, name, arguments: JSON.stringify(args) });
const bash = (command: string) => run("bash", { command });
const messageOf = (result: ToolStepResult) => ("message" in result ? result.message : `(${result.kind})`);

beforeAll(async () => {
  ensureDockerAndBaseImage();
  await buildSampleImages({ instancesDir: "instances/sample" });
  sandbox = await engine.create({ image: IMAGE, name: `sera-test-tools-swe-agent-${Date.now()}`, labels });
  const config = defaultConfig({ executionTimeoutSeconds: 2, problemStatement: "Fix\tthe bug", registryVariables: { USE_FILEMAP: "true", SUBMIT_REVIEW_MESSAGES: [REVIEW] } });
  tools = await SweAgentTools.start(sandbox, config);
}, 300_000);

afterAll(async () => {
  tools?.close();
  await sandbox?.remove();
});

describe("SweAgentTools (one rollout in a sample container)", () => {
  it("starts in the repo with SWE-agent's environment", async () => {
    const result = await bash('pwd; echo "$ROOT $PAGER $GIT_PAGER $TQDM_DISABLE $LANG"; echo "$PROBLEM_STATEMENT"; echo "$PATH" | cut -d: -f1-4');
    expect(result).toMatchObject({ kind: "observation", exitCode: 0 });
    expect(messageOf(result)).toBe(
      "OBSERVATION:\n/testbed\n/testbed cat cat 1 C.UTF-8\nFixthe bug\n/root/tools/diff_state/bin:/root/tools/review_on_submit_m/bin:/root/tools/edit_anthropic/bin:/root/tools/registry/bin\n",
    );
  });

  it("uses the no-output message, also for a failing command, and keeps the exit code as data", async () => {
    const result = await bash("false");
    expect(result).toMatchObject({ kind: "observation", exitCode: 1, message: "Your last command ran successfully and did not produce any output." });
  });

  it("clips a huge observation with SWE-agent's template", async () => {
    const message = messageOf(await bash("seq 1 30000"));
    expect(message.startsWith("Observation: 1\n2\n")).toBe(true);
    expect(message).toContain("<response clipped><NOTE>Observations should not exceeded 100000 characters. 68894 characters were elided.");
  });

  it("cancels a command at the timeout and answers with the timeout text", async () => {
    const result = await bash("sleep 30");
    expect(result).toMatchObject({ kind: "observation", timedOut: true });
    expect(messageOf(result)).toBe(
      "OBSERVATION:\nThe command 'sleep 30' was cancelled because it took more than 2 seconds. Please try a different command that completes more quickly. Note: A common source of this error is if the command is interactive or requires user input (it is impossible to receive user input in the current environment, so the command will never complete).",
    );
    expect(messageOf(await bash("echo alive"))).toBe("OBSERVATION:\nalive\n");
  });

  it("requeries for blocked actions and bash syntax errors without running them", async () => {
    expect(await bash("nano x")).toEqual({ kind: "requery", reason: "blocked", action: "nano x", message: "Operation 'nano x' is not supported by this environment." });
    const syntax = await bash("echo 'oops");
    expect(syntax).toMatchObject({ kind: "requery", reason: "syntax" });
    expect(messageOf(syntax)).toBe(
      "Your bash command contained syntax errors and was NOT executed. Please fix the syntax errors and try again. This can be the result of not adhering to the syntax for multi-line commands. Here is the output of `bash -n`:\n\nbash: line 1: unexpected EOF while looking for matching `''\n",
    );
  });

  it("stages every change after each step and records the state", async () => {
    await run("str_replace_editor", { command: "create", path: "/testbed/repro.py", file_text: "print('hi')\n" });
    const status = await bash("git status --short; cat /root/state.json");
    expect(messageOf(status)).toContain("A  repro.py\n");
    expect(messageOf(status)).toContain('{"working_dir": "/testbed", "diff": "diff --git a/repro.py b/repro.py');
  });

  it("runs str_replace_editor typed into the bash tool too", async () => {
    expect(messageOf(await bash("cd /testbed && str_replace_editor view repro.py; cd /testbed"))).toBe(
      "OBSERVATION:\nThe path repro.py is not an absolute path, it should start with `/`. Maybe you meant /testbed/repro.py?\n",
    );
  });

  it("submits after one review round, with the diff in the review message", async () => {
    const patch = await tools.diff();
    expect(patch).toContain("+print('hi')\n");
    const review = await run("submit", {});
    expect(messageOf(review)).toBe(`OBSERVATION:\nReview please.\n\n<diff>\n${patch}\n</diff>\n\n`);
    expect(await run("submit", {})).toEqual({ kind: "submitted", action: "submit", patch, observation: patch });
  });

  it("ends on exit", async () => {
    expect(await bash("exit")).toEqual({ kind: "exit", message: "Exited" });
  });
});
