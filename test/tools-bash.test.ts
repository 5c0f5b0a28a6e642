import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BashSession, type BashRunResult } from "../src/tools/bash/session.ts";
import { HelperShell } from "../src/tools/container/helper-shell.ts";
import { buildSampleImages } from "../src/images/sample-images.ts";
import type { Sandbox } from "../src/sandbox/types.ts";
import { ensureDockerAndBaseImage, testEngine, testLabels } from "./helpers/docker.ts";

/** Golden outputs of SWE-ReX's real BashSession (pexpect) for the same commands (see fixtures README). */
interface GoldenCase {
  readonly name: string;
  readonly command: string;
  readonly kind: "output" | "syntax_error" | "timeout";
  readonly output?: string;
  readonly exitCode?: number | null;
  readonly stdout?: string;
  readonly stderr?: string;
}

const cases = JSON.parse(readFileSync("test/fixtures/tools/bash-cases.json", "utf8")) as { timeout: number; cases: { name: string; command: string }[] };
const golden = JSON.parse(readFileSync("test/fixtures/tools/bash-golden.json", "utf8")) as { image: string; cases: GoldenCase[] };
const engine = testEngine();
const labels = testLabels("tools-bash");
let sandbox: Sandbox;
let helper: HelperShell;
let session: BashSession;
const results = new Map<string, BashRunResult>();

beforeAll(async () => {
  ensureDockerAndBaseImage();
  await buildSampleImages({ instancesDir: "instances/sample" });
  sandbox = await engine.create({ image: golden.image, name: `sera-test-tools-bash-${Date.now()}`, labels });
  helper = await HelperShell.start(sandbox);
  await helper.text("mkdir -p /tmp/.sera-tools", "bridge dir");
  session = await BashSession.start(sandbox, helper, { startupSource: ["/root/.bashrc"], pidFile: "/tmp/.sera-tools/session.pid" });
  for (const c of cases.cases) {
    const result = await session.run(c.command, cases.timeout * 1000);
    if (result.kind === "timeout") await session.interrupt();
    results.set(c.name, result);
  }
}, 600_000);

afterAll(async () => {
  session?.close();
  helper?.close();
  await sandbox?.remove();
});

describe("the bash session matches SWE-ReX's BashSession", () => {
  it("covers every case of the fixture", () => {
    expect(golden.cases.map((c) => c.name)).toEqual(cases.cases.map((c) => c.name));
  });

  for (const expected of golden.cases) {
    it(expected.name, () => {
      const got = results.get(expected.name);
      expect(got?.kind).toBe(expected.kind);
      if (got?.kind === "output") {
        expect(got.output).toBe(expected.output);
        expect(got.exitCode).toBe(expected.exitCode);
      }
      if (got?.kind === "syntax_error") expect({ stdout: got.stdout, stderr: got.stderr }).toEqual({ stdout: expected.stdout, stderr: expected.stderr });
    });
  }
});
