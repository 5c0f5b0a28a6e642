/**
 * The tools under SERA's published protocol, on real containers: the re-query for a reply without
 * a tool call (departure (a)), the patch read as Python text (departure (b)), and which view a large
 * Python file gets, decided from the testbed's Python as edit_anthropic's install.sh meets it (c).
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAgentConfig } from "../src/protocol/load.ts";
import { toolsConfig } from "../src/agent/toolkit.ts";
import { filemapInstallable, parsePythonVersion } from "../src/tools/python-probe.ts";
import { SweAgentTools, type ToolStepResult } from "../src/tools/swe-agent-tools.ts";
import type { SweAgentToolsConfig } from "../src/tools/config.ts";
import type { Sandbox } from "../src/sandbox/types.ts";
import { testEngine, testLabels } from "./helpers/docker.ts";
import { prepareSampleImages } from "./helpers/eval-run.ts";
import { REPO_ROOT } from "./helpers/shared.ts";

const IMAGE = "sera-bench/sweb.eval.x86_64.sera-bench_1776_semver-1:latest";
const OLD_PYTHON_IMAGE = "sera-bench-test/semver-1-pypy37:latest";
const NO_PYTHON_IMAGE = "sera-bench-test/semver-1-no-python:latest";
const engine = testEngine();
const labels = testLabels("tools-protocol");
const open: { sandbox: Sandbox; tools: SweAgentTools }[] = [];
let config: SweAgentToolsConfig;
let n = 0;

async function start(image: string): Promise<SweAgentTools> {
  const sandbox = await engine.create({ image, name: `sera-test-tools-protocol-${Date.now()}-${n++}`, labels });
  const tools = await SweAgentTools.start(sandbox, { ...config, problemStatement: "Fix it" });
  open.push({ sandbox, tools });
  return tools;
}
const call = (tools: SweAgentTools, name: string, args: unknown): Promise<ToolStepResult> => tools.execute([{ id: `call_${n++}`, name, arguments: JSON.stringify(args) }]);
function textOf(result: ToolStepResult): string {
  if (result.kind === "submitted") return result.observation;
  return "message" in result ? result.message : "";
}

beforeAll(async () => {
  await prepareSampleImages();
  config = toolsConfig(await loadAgentConfig("sera"));
  execFileSync("docker", ["build", "-q", "-t", OLD_PYTHON_IMAGE, "-f", "harness/docker/sample-old-python.Dockerfile", "--build-arg", `INSTANCE_IMAGE=${IMAGE}`, "."], { cwd: REPO_ROOT, stdio: "pipe" });
  execFileSync("docker", ["build", "-q", "-t", NO_PYTHON_IMAGE, "-"], {
    input: `FROM ${IMAGE}\nRUN rm -f /opt/miniconda3/envs/testbed/bin/python* /usr/bin/python3*\n`, stdio: ["pipe", "pipe", "pipe"],
  });
}, 900_000);

afterAll(async () => {
  for (const { sandbox, tools } of open) {
    tools.close();
    await sandbox.remove();
  }
});

describe("the published parser's re-queries", () => {
  it("a reply without a tool call gets FunctionCallingParser's 511-character text (a)", async () => {
    const tools = await start(IMAGE);
    const result = await tools.execute([]);
    expect(result).toMatchObject({ kind: "requery", reason: "format" });
    expect(textOf(result)).toHaveLength(511);
    expect(textOf(result)).toContain("You must invoke the function directly using the function call format.");
  });
});

describe("the patch is read as Python text: CRLF becomes LF in the review and the submission (b)", () => {
  it("review message, submission and autosubmitted diff carry no \\r", async () => {
    const tools = await start(IMAGE);
    await call(tools, "bash", { command: "printf 'one\\r\\ntwo\\r\\nlone\\rend\\n' > /testbed/crlf.txt" });
    const raw = await call(tools, "bash", { command: "cd /testbed && git diff --cached | od -c | grep -c '\\\\r'" });
    expect(Number(textOf(raw).split("\n")[1])).toBeGreaterThan(0);
    // Universal newlines: CRLF and a lone CR both read as LF, as Python's read_text does.
    expect(await tools.diff()).toContain("+one\n+two\n+lone\nend\n");
    const review = await call(tools, "submit", {});
    expect(review).toMatchObject({ kind: "observation" });
    expect(textOf(review)).toContain("+one\n+two\n+lone\nend\n");
    expect(textOf(review)).not.toContain("\r");
    const submitted = await call(tools, "submit", {});
    expect(submitted).toMatchObject({ kind: "submitted" });
    const patch = submitted.kind === "submitted" ? submitted.patch ?? "" : "";
    expect(patch).toContain("+one\n+two\n+lone\nend\n");
    expect(patch).not.toContain("\r");
  });
});

describe("which view a large Python file gets (c)", () => {
  it("the rule: edit_anthropic's tree-sitter installs on Python >= 3.6 only", () => {
    expect(parsePythonVersion("3.11\n")).toEqual([3, 11]);
    expect(parsePythonVersion("bash: python3: command not found\n")).toBeUndefined();
    expect([[3, 5], [3, 6], [3, 7], [3, 8], [3, 11], [2, 7]].map((v) => filemapInstallable(v as [number, number]))).toEqual([false, true, true, true, true, false]);
    expect(filemapInstallable(undefined)).toBe(false);
  });

  const writeBig = async (tools: SweAgentTools) => {
    const body = Array.from({ length: 600 }, (_, i) => `def f${i}(x):\n    y = x + ${i}\n    y *= 2\n    y -= 1\n    y += 3\n    y //= 1\n    return y\n`).join("\n");
    await call(tools, "str_replace_editor", { command: "create", path: "/testbed/big.py", file_text: body });
  };

  for (const [label, image, python, filemap] of [
    ["Debian's Python 3.11 testbed: filemap", IMAGE, "3.11", true],
    ["a Python 3.7 testbed (PyPy 7.3.5, Debian bullseye): filemap", OLD_PYTHON_IMAGE, "3.7", true],
    ["a testbed without python3: the plain numbered view", NO_PYTHON_IMAGE, null, false],
  ] as const) {
    it(label, async () => {
      const tools = await start(image);
      expect(tools.describeEnvironment()).toEqual({ python, filemap });
      await writeBig(tools);
      const view = textOf(await call(tools, "str_replace_editor", { command: "view", path: "/testbed/big.py" }));
      if (filemap) {
        expect(view).toContain("<NOTE>This file is too large to display entirely. Showing abbreviated version.");
        expect(view).toContain("     2 ... eliding lines 2-7 ...");
      } else {
        expect(view.startsWith("OBSERVATION:\nHere's the result of running `cat -n` on /testbed/big.py:\n     1\tdef f0(x):\n")).toBe(true);
        expect(view).toContain("<response clipped>");
      }
    });
  }
});
