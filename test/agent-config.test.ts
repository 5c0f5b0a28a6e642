import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_AGENT_CONFIG, loadAgentConfig, loadRunConfig, OWN_WORDS_PRESET } from "../src/protocol/load.ts";
import { renderTemplate } from "../src/protocol/template.ts";
import { seraManifest } from "../src/protocol/manifest.ts";
import { fetchPublished, ProtocolUnavailableError } from "../src/protocol/published-files.ts";
import { firstRequest, renderRequest } from "../src/agent/first-request.ts";
import { sweAgentToolkit } from "../src/agent/toolkit.ts";
import type { Instance } from "../src/dataset/row.ts";
import { parseContextLength } from "../src/cli/context-length.ts";
import { formatErrorMessage } from "../src/tools/parse/format-errors.ts";
import { SHARED_DATA } from "./helpers/shared.ts";

const CHECKOUT = join(import.meta.dirname, "fixtures", "agent-config", "swe-agent-checkout");
const PUBLISHED = join(SHARED_DATA, "sera-published");
const E2E = join("allenai-SERA", "sera", "configs", "sweagent", "e2e.yaml");
const EDITOR_CONFIG = join("allenai-SERA-SWE-agent", "tools", "edit_anthropic", "config.yaml");
/** Sources with nothing in them: an empty cache, no published folder, a download base that refuses. */
const nowhere = (cacheDir: string) => ({ cacheDir, publishedDir: undefined, baseUrl: "http://127.0.0.1:9" });

/** A local server with GitHub's raw layout (<owner>/<name>/<commit>/<path>) over a published-layout folder. */
async function rawServer(folder: string): Promise<{ base: string; requests: string[]; server: Server }> {
  const manifest = seraManifest();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? "");
    const repo = Object.entries(manifest.repositories).find(([, r]) => (req.url ?? "").startsWith(`/${r.github}/${r.commit}/`));
    if (repo === undefined) return void res.writeHead(404).end();
    const path = (req.url ?? "").slice(`/${repo[1].github}/${repo[1].commit}/`.length);
    readFile(join(folder, repo[0], path)).then((bytes) => res.end(bytes), () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

describe("SERA's published protocol (the default)", () => {
  it("loads from SERA_BENCH_PUBLISHED_DIR with every text published, e2e.yaml's sampling and limits", async () => {
    expect(DEFAULT_AGENT_CONFIG).toBe("sera");
    const config = await loadAgentConfig();
    expect(config.protocol).toMatchObject({ status: "published", differs: [] });
    expect(config.protocol.files).toHaveLength(7);
    expect(config).toMatchObject({ name: "sera", source: "sera", limits: { maxSteps: 115, maxRequeries: 3 }, sampling: { temperature: 0, topP: 1 } });
    expect(config.tools).toMatchObject({ executionTimeoutSeconds: 300, useFilemap: true });
    expect(config.templates.nextStep).toBe("OBSERVATION:\n{{observation}}");
    expect(config.tools.submitReviewMessages[0]).toContain("<diff>\n{{diff}}\n</diff>");
    const toolkit = sweAgentToolkit(config);
    expect(toolkit.schemas.map((s) => s.function.name)).toEqual(["bash", "str_replace_editor", "submit"]);
    // A cut-off <tool_call> text: vLLM's hermes parser returns no call, so the no-tool-call re-query; broken native arguments: invalid JSON.
    expect(toolkit.messages.malformedToolCall("text")).toHaveLength(511);
    expect(toolkit.messages.malformedToolCall("native")).toBe("Your action could not be parsed properly: Tool call arguments are not valid JSON..\n");
  });

  it("the own-words preset loads and says it is custom, naming every differing text", async () => {
    const config = await loadAgentConfig(OWN_WORDS_PRESET);
    expect(config.name).toBe("sera-own-words");
    expect(config.protocol.status).toBe("custom");
    expect(config.protocol.differs).toEqual(expect.arrayContaining(["instance_template", "system_template", "tools", "format_error_template", "submit_review_messages"]));
  });

  it("downloads each file once from the pinned URL, checks its sha256, caches it; a tampered download is refused", async () => {
    const { base, requests, server } = await rawServer(PUBLISHED);
    const cacheDir = await mkdtemp(join(tmpdir(), "sera-published-cache-"));
    try {
      const published = { cacheDir, publishedDir: undefined, baseUrl: base };
      expect((await loadAgentConfig("sera", { published })).protocol.status).toBe("published");
      expect(requests).toHaveLength(7);
      expect(requests[0]).toBe(`/allenai/SERA/${seraManifest().repositories["allenai-SERA"]?.commit}/sera/configs/sweagent/e2e.yaml`);
      expect((await loadAgentConfig("sera", { published })).protocol.status).toBe("published");
      expect(requests).toHaveLength(7);

      const tampered = await mkdtemp(join(tmpdir(), "sera-tampered-"));
      await cp(PUBLISHED, tampered, { recursive: true });
      await writeFile(join(tampered, EDITOR_CONFIG), (await readFile(join(PUBLISHED, EDITOR_CONFIG), "utf8")).replace("Custom editing tool", "Tampered editing tool"));
      const evil = await rawServer(tampered);
      try {
        const fresh = await mkdtemp(join(tmpdir(), "sera-published-cache-"));
        await expect(loadAgentConfig("sera", { published: { cacheDir: fresh, baseUrl: evil.base } })).rejects.toThrow(/edit_anthropic\/config\.yaml has sha256 [0-9a-f]{64}, not the published f01b59da/);
      } finally {
        evil.server.close();
      }
    } finally {
      server.close();
    }
  });

  it("`protocol fetch` fills the cache from SERA_BENCH_PUBLISHED_DIR; then the cache alone serves", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "sera-published-cache-"));
    const fetched = await fetchPublished(seraManifest(), { cacheDir, publishedDir: PUBLISHED, baseUrl: "http://127.0.0.1:9" });
    expect(fetched.map((f) => f.file)).toContain("allenai/SERA@1ca8673 sera/configs/sweagent/e2e.yaml");
    const config = await loadAgentConfig("sera", { published: nowhere(cacheDir) });
    expect(config.protocol.status).toBe("published");
    expect(config.protocol.files[0]?.file).toBe(join(cacheDir, E2E));
  });

  it("with no source, the error names the three ways; the scripted model alone falls back to the own words and says so", async () => {
    const published = nowhere(await mkdtemp(join(tmpdir(), "sera-empty-cache-")));
    const failure = await loadAgentConfig("sera", { published }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProtocolUnavailableError);
    expect(String(failure)).toMatch(/sera-bench protocol fetch[\s\S]*SERA_BENCH_PUBLISHED_DIR[\s\S]*--agent-config path\/to\/SERA\/sera\/configs\/sweagent\/e2e\.yaml/);
    await expect(loadRunConfig(undefined, false, { published })).rejects.toThrow(ProtocolUnavailableError);
    await expect(loadRunConfig("sera", true, { published })).rejects.toThrow(ProtocolUnavailableError);
    const fallback = await loadRunConfig(undefined, true, { published });
    expect(fallback.name).toBe("sera-own-words");
    expect(fallback.protocol).toMatchObject({ status: "custom" });
    expect(fallback.protocol.note).toMatch(/scripted model/);
  });

  it("a file in SERA_BENCH_PUBLISHED_DIR that is not the published one is refused (the published route is exact)", async () => {
    const copy = await mkdtemp(join(tmpdir(), "sera-published-copy-"));
    await cp(PUBLISHED, copy, { recursive: true });
    await writeFile(join(copy, EDITOR_CONFIG), (await readFile(join(PUBLISHED, EDITOR_CONFIG), "utf8")).replace("Custom editing tool", "Bespoke editing tool"));
    const published = { cacheDir: await mkdtemp(join(tmpdir(), "sera-empty-cache-")), publishedDir: copy, baseUrl: "http://127.0.0.1:9" };
    await expect(loadAgentConfig("sera", { published })).rejects.toThrow(/SERA_BENCH_PUBLISHED_DIR file .*edit_anthropic\/config\.yaml has sha256 .* pass the folder's config as --agent-config PATH/);
  });
});

describe("a SWE-agent config from a local checkout", () => {
  let copy: string;
  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), "sera-published-copy-"));
    await cp(PUBLISHED, copy, { recursive: true });
  });

  it("the published layout given as --agent-config is the published protocol", async () => {
    const config = await loadAgentConfig(join(copy, E2E));
    expect(config.protocol.status).toBe("published");
    expect(config.name).toBe("swe-agent:e2e.yaml");
  });

  it("one word changed in a copied bundle config, review message or parser shows in the prompt and the re-queries, and makes the run custom", async () => {
    const changed = await mkdtemp(join(tmpdir(), "sera-changed-"));
    await cp(PUBLISHED, changed, { recursive: true });
    const edit = async (path: string, from: string, to: string) => {
      const text = await readFile(join(changed, path), "utf8");
      expect(text).toContain(from);
      await writeFile(join(changed, path), text.replace(from, to));
    };
    await edit(EDITOR_CONFIG, "Custom editing tool", "Bespoke editing tool");
    await edit(E2E, "Thank you for your work on this issue.", "Thank you kindly for your work on this issue.");
    await edit(join("allenai-SERA-SWE-agent", "sweagent", "tools", "parsing.py"), "You must invoke the function directly using the function call format.", "You really must invoke the function directly using the function call format.");
    const config = await loadAgentConfig(join(changed, E2E));
    const instance = { instance_id: "x__y-1", repo: "x/y", problem_statement: "Fix it.", base_commit: "0".repeat(40) } as unknown as Instance;
    const rendered = await renderRequest(config, firstRequest(config, instance, { model: "m" }), undefined);
    expect(rendered.text).toContain('"description": "Bespoke editing tool for viewing');
    expect(rendered.systemTurn?.equal).toBe(false);
    expect(config.tools.submitReviewMessages[0]?.startsWith("Thank you kindly for your work")).toBe(true);
    expect(sweAgentToolkit(config).messages.malformedToolCall("text")).toContain("You really must invoke the function directly");
    expect(config.protocol).toMatchObject({ status: "custom", differs: ["format_error_template", "submit_review_messages", "tools"] });
  });

  it("a SERA checkout: e2e.yaml, constants.py, and the bundles in modules/SERA-SWE-Agent", async () => {
    const sera = join(await mkdtemp(join(tmpdir(), "sera-checkout-")), "SERA");
    await mkdir(join(sera, "modules"), { recursive: true });
    await cp(join(PUBLISHED, "allenai-SERA"), sera, { recursive: true });
    await cp(join(PUBLISHED, "allenai-SERA-SWE-agent"), join(sera, "modules", "SERA-SWE-Agent"), { recursive: true });
    const config = await loadAgentConfig(join(sera, "sera", "configs", "sweagent", "e2e.yaml"));
    expect(config.protocol.status).toBe("published");
    expect(config.protocol.files.map((f) => f.file)).toContain(join(sera, "modules", "SERA-SWE-Agent", "tools", "edit_anthropic", "config.yaml"));
  });

  it("a SWE-agent checkout brings its templates, limits, bundle, parser and bash texts", async () => {
    const config = await loadAgentConfig(join(CHECKOUT, "config", "run.yaml"));
    expect(config.templates).toEqual({
      system: "System text for the test.", instance: "Repo at {{working_dir}}. Task: {{problem_statement}}",
      nextStep: "RESULT:\n{{observation}}", nextStepNoOutput: "Nothing was printed.",
    });
    expect(config.limits.maxSteps).toBe(42);
    expect(config.sampling).toEqual({ temperature: 0.2, topP: 1 });
    expect(config.tools).toMatchObject({ executionTimeoutSeconds: 120, useFilemap: false, submitReviewMessages: ["Review these changes: {{diff}}\n"] });
    expect(formatErrorMessage(config.tools.formatErrorTemplate, "missing", "")).toBe("The fixture's own words: please call exactly one tool.");
    const schemas = sweAgentToolkit(config).schemas;
    expect(schemas.map((s) => [s.function.name, s.function.description])).toEqual([
      ["bash", "the fixture's shell tool"], ["str_replace_editor", "An editor described in the fixture's own words."],
    ]);
    expect(config.protocol.status).toBe("custom");
  });

  it("a SWE-agent config whose bundles cannot be found is an error, never a fallback", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sera-lone-"));
    await writeFile(join(dir, "e2e.yaml"), await readFile(join(PUBLISHED, E2E)));
    await expect(loadAgentConfig(join(dir, "e2e.yaml"))).rejects.toThrow(/cannot find tools\/registry\/config\.yaml \(the tool bundle tools\/registry named in .*e2e\.yaml\): looked in no SWE-agent checkout/);
    const otherParser = join(dir, "other.yaml");
    await writeFile(otherParser, "agent:\n  templates:\n    instance_template: '{{problem_statement}}'\n  tools:\n    parse_function:\n      type: thought_action\n");
    await expect(loadAgentConfig(otherParser)).rejects.toThrow(/only parse_function type "function_calling" is supported/);
  });
});

describe("configs from URLs and our own format", () => {
  let server: Server;
  let base: string;
  let requests = 0;
  const own = "name: remote\ntemplates:\n  system: s\n  instance: '{{problem_statement}}'\n  next_step: '{{observation}}'\n  next_step_no_output: none\ntools: {}\nlimits:\n  max_steps: 7\n";
  beforeAll(async () => {
    const sha = "a".repeat(40);
    const files: Record<string, Promise<Buffer> | string> = {
      [`/${sha}/own.yaml`]: own,
      [`/${sha}/config/run.yaml`]: readFile(join(CHECKOUT, "config", "run.yaml")),
      [`/${sha}/tools/edit_tool/config.yaml`]: readFile(join(CHECKOUT, "tools", "edit_tool", "config.yaml")),
      [`/${sha}/sweagent/tools/parsing.py`]: readFile(join(CHECKOUT, "sweagent", "tools", "parsing.py")),
      [`/${sha}/sweagent/tools/commands.py`]: readFile(join(CHECKOUT, "sweagent", "tools", "commands.py")),
    };
    server = createServer((req, res) => {
      requests++;
      const body = files[req.url ?? ""];
      if (body === undefined) return void res.writeHead(404).end();
      void Promise.resolve(body).then((b) => res.end(b));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${sha}`;
    process.env.XDG_CACHE_HOME = await mkdtemp(join(tmpdir(), "sera-config-cache-"));
  });
  afterAll(() => {
    server.close();
    delete process.env.XDG_CACHE_HOME;
  });

  it("a URL must be pinned to a commit, and is fetched once then read from the cache", async () => {
    await expect(loadAgentConfig(`${base.replace(/\/a{40}$/, "")}/main/config.yaml`)).rejects.toThrow(/must be pinned to a commit/);
    const before = requests;
    expect((await loadAgentConfig(`${base}/own.yaml`)).limits.maxSteps).toBe(7);
    expect((await loadAgentConfig(`${base}/own.yaml`)).limits.maxSteps).toBe(7);
    expect(requests - before).toBe(1);
  });

  it("a SWE-agent YAML at a pinned URL loads its bundle and parser from the same commit", async () => {
    const config = await loadAgentConfig(`${base}/config/run.yaml`);
    expect(config.tools.definitions.map((d) => d.docstring)).toEqual(["the fixture's shell tool", "An editor described in the fixture's own words."]);
  });

  it("bad configurations are refused with the file and the problem", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sera-config-bad-"));
    const noStatement = join(dir, "a.yaml");
    await writeFile(noStatement, "name: x\ntemplates:\n  system: s\n  instance: no placeholder\n  next_step: '{{observation}}'\n  next_step_no_output: n\ntools: {}\nlimits: { max_steps: 3 }\n");
    await expect(loadAgentConfig(noStatement)).rejects.toThrow(/a\.yaml: invalid agent configuration[\s\S]*problem_statement/);
    const jinja = join(dir, "b.yaml");
    await writeFile(jinja, "name: x\ntemplates:\n  system: '{{ x | upper }}'\n  instance: '{{problem_statement}}'\n  next_step: '{{observation}}'\n  next_step_no_output: n\ntools: {}\nlimits: { max_steps: 3 }\n");
    await expect(loadAgentConfig(jinja)).rejects.toThrow(/template system uses \{\{x \| upper\}\}/);
    await expect(loadAgentConfig(join(dir, "missing.yaml"))).rejects.toThrow(/missing\.yaml: cannot read it \(ENOENT\); expected "sera", "sera-own-words"/);
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
