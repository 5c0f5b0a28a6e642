import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../src/tools/config.ts";
import { SweAgentTools, type ToolStepResult } from "../src/tools/swe-agent-tools.ts";
import { buildSampleImages } from "../src/images/sample-images.ts";
import type { Sandbox } from "../src/sandbox/types.ts";
import { ensureDockerAndBaseImage, testEngine, testLabels } from "./helpers/docker.ts";

/** Golden outputs of SWE-agent's real str_replace_editor (see test/fixtures/tools/README.md). */
interface GoldenCase {
  readonly name: string;
  readonly action: string;
  readonly output: string;
  readonly exitCode: number;
  readonly fileBase64?: string;
}
interface CaseSpec {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly useFilemap?: boolean;
  readonly file?: string;
  readonly sortLines?: boolean;
}

const spec = JSON.parse(readFileSync("test/fixtures/tools/editor-cases.json", "utf8")) as { setup: string[]; cases: CaseSpec[] };
const golden = JSON.parse(readFileSync("test/fixtures/tools/editor-golden.json", "utf8")) as { image: string; cases: GoldenCase[] };
const engine = testEngine();
const labels = testLabels("tools-editor");
let sandbox: Sandbox;
let tools: SweAgentTools;
const results = new Map<string, { result: ToolStepResult; file?: string }>();

async function bash(command: string): Promise<ToolStepResult> {
  return tools.execute({ id: "setup", name: "bash", arguments: JSON.stringify({ command }) });
}

beforeAll(async () => {
  ensureDockerAndBaseImage();
  await buildSampleImages({ instancesDir: "instances/sample" });
  sandbox = await engine.create({ image: golden.image, name: `sera-test-tools-editor-${Date.now()}`, labels });
  tools = await SweAgentTools.start(sandbox, defaultConfig({ executionTimeoutSeconds: 60 }));
  await bash("cd /tmp");
  for (const line of spec.setup) await bash(line);
  for (const c of spec.cases) {
    await bash(`echo '{"USE_FILEMAP": "${c.useFilemap === false ? "false" : "true"}"}' > /root/.swe-agent-env`);
    const result = await tools.execute({ id: c.name, name: "str_replace_editor", arguments: JSON.stringify(c.args) });
    const file = c.file === undefined ? undefined : await fileBase64(c.file);
    results.set(c.name, { result, ...(file === undefined ? {} : { file }) });
  }
}, 600_000);

async function fileBase64(path: string): Promise<string> {
  const result = await bash(`base64 -w0 ${path}`);
  return result.kind === "observation" ? result.output : `(${result.kind})`;
}

afterAll(async () => {
  tools?.close();
  await sandbox?.remove();
});

describe("str_replace_editor matches SWE-agent's script byte for byte", () => {
  it("covers every case of the fixture", () => {
    expect(golden.cases.map((c) => c.name)).toEqual(spec.cases.map((c) => c.name));
  });

  for (const expected of golden.cases) {
    it(expected.name, () => {
      const sortLines = spec.cases.find((c) => c.name === expected.name)?.sortLines === true;
      const got = results.get(expected.name);
      expect(got?.result.kind).toBe("observation");
      if (got?.result.kind !== "observation") return;
      expect(got.result.action).toBe(expected.action);
      const normalise = (text: string) => (sortLines ? text.split("\n").sort().join("\n") : text);
      expect(normalise(got.result.output)).toBe(normalise(expected.output));
      expect(got.result.exitCode).toBe(expected.exitCode);
      if (expected.fileBase64 !== undefined) expect(got.file).toBe(expected.fileBase64);
    });
  }
});
