import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_AGENT_CONFIG, loadAgentConfig } from "../src/agent/config/load.ts";
import { renderTemplate } from "../src/agent/config/template.ts";
import { sweAgentToolkit } from "../src/agent/run/toolkit.ts";
import { parseContextLength } from "../src/agent/run/context-length.ts";

const CHECKOUT = join(import.meta.dirname, "fixtures", "agent-config", "swe-agent-checkout");

describe("agent configuration", () => {
  it("the default sera config loads, with SERA's data-generation limits", async () => {
    const config = await loadAgentConfig(DEFAULT_AGENT_CONFIG);
    expect(config).toMatchObject({ name: "sera", limits: { maxSteps: 115, maxRequeries: 3 }, sampling: { temperature: 0.6 } });
    expect(config.tools).toMatchObject({ executionTimeoutSeconds: 300, useFilemap: true });
    expect(config.sha256).toMatch(/^[0-9a-f]{64}$/);
    const toolkit = sweAgentToolkit(config);
    expect(toolkit.schemas.map((s) => s.function.name)).toEqual(["bash", "str_replace_editor", "submit"]);
  });

  it("a SWE-agent run config brings its checkout's templates, limits, tool bundle and parser text", async () => {
    const config = await loadAgentConfig(join(CHECKOUT, "config", "run.yaml"));
    expect(config.templates).toEqual({
      system: "System text for the test.", instance: "Repo at {{working_dir}}. Task: {{problem_statement}}",
      nextStep: "RESULT:\n{{observation}}", nextStepNoOutput: "Nothing was printed.",
    });
    expect(config.limits.maxSteps).toBe(42);
    expect(config.sampling.temperature).toBe(0.2);
    expect(config.tools).toMatchObject({ executionTimeoutSeconds: 120, useFilemap: false, submitReviewMessages: ["Review these changes: {{diff}}\n"] });
    expect(config.tools.noToolCallMessage).toBe("The fixture's own words: please call exactly one tool.");
    const editor = sweAgentToolkit(config).schemas.find((s) => s.function.name === "str_replace_editor");
    expect(editor?.function.description).toBe("An editor described in the fixture's own words.");
  });

  it("a URL must be pinned to a commit, and is fetched once then read from the cache", async () => {
    const cache = await mkdtemp(join(tmpdir(), "sera-config-cache-"));
    const previous = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cache;
    let requests = 0;
    const yaml = "name: remote\ntemplates:\n  system: s\n  instance: '{{problem_statement}}'\n  next_step: '{{observation}}'\n  next_step_no_output: none\ntools: {}\nlimits:\n  max_steps: 7\n";
    const server = createServer((_req, res) => {
      requests++;
      res.end(yaml);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await expect(loadAgentConfig(`${base}/main/config.yaml`)).rejects.toThrow(/must be pinned to a commit/);
      const url = `${base}/${"a".repeat(40)}/config.yaml`;
      expect((await loadAgentConfig(url)).limits.maxSteps).toBe(7);
      expect((await loadAgentConfig(url)).limits.maxSteps).toBe(7);
      expect(requests).toBe(1);
    } finally {
      server.close();
      if (previous === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = previous;
    }
  });

  it("bad configurations are refused with the file and the problem", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sera-config-bad-"));
    const noStatement = join(dir, "a.yaml");
    await writeFile(noStatement, "name: x\ntemplates:\n  system: s\n  instance: no placeholder\n  next_step: '{{observation}}'\n  next_step_no_output: n\ntools: {}\nlimits: { max_steps: 3 }\n");
    await expect(loadAgentConfig(noStatement)).rejects.toThrow(/a\.yaml: invalid agent configuration[\s\S]*problem_statement/);
    const jinja = join(dir, "b.yaml");
    await writeFile(jinja, "name: x\ntemplates:\n  system: '{{ x | upper }}'\n  instance: '{{problem_statement}}'\n  next_step: '{{observation}}'\n  next_step_no_output: n\ntools: {}\nlimits: { max_steps: 3 }\n");
    await expect(loadAgentConfig(jinja)).rejects.toThrow(/template system uses \{\{x \| upper\}\}/);
    await expect(loadAgentConfig(join(dir, "missing.yaml"))).rejects.toThrow(/missing\.yaml: cannot read it \(ENOENT\)/);
  });

  it("templates substitute {{ name }} and leave unknown names empty, as Jinja does", () => {
    expect(renderTemplate("a {{ x }} b {{y}} c {{ unknown }}", { x: 1, y: "two" })).toBe("a 1 b two c ");
    expect(() => renderTemplate("{% if x %}", {})).toThrow(/Jinja blocks/);
  });

  it("--context takes 32k, 64k or tokens", () => {
    expect(parseContextLength("32k")).toBe(32768);
    expect(parseContextLength("64K")).toBe(65536);
    expect(parseContextLength("40000")).toBe(40000);
    expect(() => parseContextLength("12")).toThrow(/at least 1024/);
  });
});
