/**
 * Like with like: every run and every baseline carries its protocol; compare and gate --reference
 * refuse two protocols (unknown matches nothing) unless --allow-different-protocol, which prints both
 * in every output; a run of a leaderboard row's protocol says whether it reproduces the row.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBaselines } from "../src/report/baselines/load.ts";
import { loadRun } from "../src/report/run/load.ts";
import { FROM_RUN_JSON, FROM_TRAJECTORIES } from "../src/report/run/protocol.ts";
import { writeReport } from "../src/report/write-report.ts";
import { verifiedInstances } from "../src/report/summary/difficulty.ts";
import { parseProtocolName, seraVersion, STATED_BY_USER } from "../src/protocol/identity-of.ts";
import { protocolIdentitySchema, protocolLabel } from "../src/protocol/identity.ts";
import { seraManifest } from "../src/protocol/manifest.ts";
import { makeRun, type FixtureInstance } from "./fixtures/report/make-run.ts";
import { SERA_RUN_PROTOCOL } from "./fixtures/report/seeded-runs.ts";
import { SHARED_DIR } from "./helpers/shared.ts";

const CLI = join(import.meta.dirname, "..", "src", "cli", "main.ts");
const DEVSTRAL = "mini-SWE-agent + Devstral small (2512)";
const MINI = "mini-swe-agent@v1.17.2";
const SERA_LABEL = `sera (SWE-agent e2e @${seraManifest().repositories["allenai-SERA"]?.commit.slice(0, 7) ?? "?"})`;
let parent: string;
let verified: string[];
let seraFull: string;
let seraSample: string;
let miniSample: string;

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const traj = (agentConfig: Record<string, unknown> | undefined) => ({ exit_status: "submitted", prompt_tokens: 10, completion_tokens: 5, steps: [], wall_time_s: 1, ...(agentConfig === undefined ? {} : { agent_config: agentConfig }) });
const SMALL = ["django__django-11099", "django__django-11133", "sympy__sympy-20590", "astropy__astropy-12907", "psf__requests-2317", "pallets__flask-5014"];
const small = (resolved: readonly string[]): FixtureInstance[] => SMALL.map((id) => ({ id, outcome: resolved.includes(id) ? "resolved" : "unresolved" }));

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), "sera-bench-protocol-"));
  verified = [...(await verifiedInstances()).keys()];
  const theirs = (await loadBaselines()).find((b) => b.name === DEVSTRAL)?.resolvedIds ?? new Set<string>();
  const instances: FixtureInstance[] = verified.map((id) => ({ id, outcome: theirs.has(id) ? "resolved" : "unresolved" }));
  const seraMeta = { kind: "run", dataset: "verified", split: "test", context_length: 32768, protocol: SERA_RUN_PROTOCOL };
  seraFull = await makeRun(parent, { runId: "sera-full", instances, meta: seraMeta });
  seraSample = await makeRun(parent, { runId: "sera-six", instances: small(SMALL.slice(0, 3)), meta: seraMeta });
  miniSample = await makeRun(parent, { runId: "mini-six", instances: small(SMALL.slice(0, 2)), meta: { kind: "eval", dataset: "verified", split: "test", protocol: parseProtocolName(MINI) } });
});
afterAll(async () => rm(parent, { recursive: true, force: true }));

describe("every baseline carries its protocol", () => {
  it("the paper's re-runs are SERA's setting, its quoted rows and the leaderboard's rows their own scaffold, mini-v folders mini-swe-agent at that tag", async () => {
    const all = await loadBaselines();
    for (const b of all) expect(protocolIdentitySchema.safeParse(b.protocol).success, b.key).toBe(true);
    expect(all.filter((b) => b.protocol.family === "unknown")).toEqual([]);
    const paper = all.filter((b) => b.origin === "sera-paper");
    // sera-paper.json: the rows with ± are Ai2's own runs (3 seeds), the others quoted.
    expect(paper.filter((b) => b.seeds !== undefined).every((b) => protocolLabel(b.protocol) === SERA_LABEL)).toBe(true);
    expect(paper.filter((b) => b.seeds === undefined).map((b) => b.protocol.family)).toEqual(paper.filter((b) => b.seeds === undefined).map(() => "own-scaffold"));
    // The shared leaderboard file: a folder "<date>_mini-vX.Y.Z..." is the bash-only board at that tag.
    const shared = JSON.parse(await readFile(join(SHARED_DIR, "data", "leaderboard-verified.json"), "utf8")) as { submissions: { name: string; folder: string }[] };
    for (const row of shared.submissions) {
      const b = all.find((x) => x.origin === "leaderboard" && x.name === row.name);
      const tag = /^\d{8}_mini-(v\d+\.\d+\.\d+)/.exec(row.folder)?.[1];
      expect(b === undefined ? row.name : protocolLabel(b.protocol)).toBe(tag === undefined ? `own scaffold (${row.name})` : `mini-swe-agent@${tag}`);
    }
    expect(protocolLabel(all.find((b) => b.name === DEVSTRAL)?.protocol ?? { family: "unknown", version: null, config_sha256: null })).toBe(MINI);
  });
});

describe("eval --protocol NAME", () => {
  it("reads the stated forms and refuses others, naming the accepted ones", () => {
    expect(parseProtocolName("mini-swe-agent@v1.17.2")).toEqual({ family: "mini-swe-agent", version: "v1.17.2", config_sha256: null, source: STATED_BY_USER });
    expect(parseProtocolName("mini-swe-agent@1.17.2").version).toBe("v1.17.2");
    expect(parseProtocolName("sera")).toMatchObject({ family: "sera", version: seraVersion() });
    expect(parseProtocolName("own-scaffold:OpenHands")).toMatchObject({ family: "own-scaffold", version: "OpenHands" });
    expect(() => parseProtocolName("mini-swe-agent")).toThrow(/name mini-swe-agent's tag/);
    expect(() => parseProtocolName("swe-agent")).toThrow(/--protocol "swe-agent": not a protocol name; expected sera, sera@<commit>, mini-swe-agent@vX\.Y\.Z, own-scaffold:NAME or unknown/);
    const bad = cli("eval", "-d", "sample", "-p", "gold", "--run-id", "x", "-o", parent, "--protocol", "mini");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--protocol "mini": not a protocol name');
  });
});

describe("compare refuses two protocols", () => {
  it("a SERA-protocol run against the bash-only Devstral row exits 1 naming both; --allow-different-protocol shows both in console, markdown and HTML", async () => {
    const refused = cli("compare", seraFull, "--baseline", DEVSTRAL);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain(`${DEVSTRAL} was measured under protocol ${MINI}, run sera-full under ${SERA_LABEL}`);
    expect(refused.stderr).toContain("--allow-different-protocol");
    const md = join(parent, "cmp.md");
    const html = join(parent, "cmp.html");
    const allowed = cli("compare", seraFull, "--baseline", DEVSTRAL, "--allow-different-protocol", "--md", md, "--html", html);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain(`protocols: different protocols (--allow-different-protocol): run sera-full ${SERA_LABEL} (config sha256 abababababab) vs ${DEVSTRAL} ${MINI} (leaderboard folder 20251209_mini-v1.17.2_devstral-small-2512`);
    // Another protocol: no verdict on reproducing the row.
    expect(allowed.stdout).not.toContain("reproduce");
    for (const text of [await readFile(md, "utf8"), await readFile(html, "utf8")]) {
      expect(text).toContain(`protocol ${SERA_LABEL}`);
      expect(text).toContain(`protocol ${MINI}`);
      expect(text).toContain("different protocols (--allow-different-protocol)");
    }
  });

  it("a 6-instance run of another protocol names both problems at once; each flag lifts one", () => {
    const both = cli("compare", seraSample, "--baseline", DEVSTRAL);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain(`${DEVSTRAL} was measured on the 500 instances of SWE-bench Verified, run sera-six on another set`);
    expect(both.stderr).toContain(`; and ${DEVSTRAL} was measured under protocol ${MINI}, run sera-six under ${SERA_LABEL}`);
    const set = cli("compare", seraSample, "--baseline", DEVSTRAL, "--allow-different-set");
    expect(set.code).toBe(1);
    expect(set.stderr).not.toContain("another set");
    expect(set.stderr).toContain(`measured under protocol ${MINI}`);
    expect(cli("compare", seraSample, "--baseline", DEVSTRAL, "--allow-different-set", "--allow-different-protocol").code).toBe(0);
  });

  it("a run of the row's protocol is compared and told whether it reproduces the row: interval, paired table, paired test", () => {
    const run = cli("compare", miniSample, "--baseline", DEVSTRAL, "--allow-different-set");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`protocol: ${MINI} (both sides)`);
    // 2/6 resolved: Wilson 95% [9.7%, 70.0%] holds 56.4%; of the six, the row resolved its own subset.
    expect(run.stdout).toMatch(new RegExp(`reproduces ${DEVSTRAL.replace(/[()+]/g, "\\$&")}: the row's 56\\.4% lies inside our 95% interval \\[9\\.7%, 70\\.0%\\] \\(ours 2/6 = 33\\.3%\\); paired over 6 instance\\(s\\): both resolved \\d, only ours \\d, only theirs \\d, neither \\d; paired test \\(exact McNemar\\) p = \\d\\.\\d{4}`));
  });

  it("the paper's rows by default: only those of the run's protocol, the quoted ones listed as left out", () => {
    const run = cli("compare", seraFull);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("SERA-32B @32k");
    expect(run.stdout).toMatch(/left out \d+ of the paper's rows at 32k, measured under another protocol than sera .*: .*Kimi-dev \(72B\) @32k[,;]/);
    expect(run.stdout).not.toMatch(/vs Kimi-dev/);
    // A run of another protocol than any paper row: refused, as a named row would be.
    const mini = cli("compare", miniSample, "--context", "32k");
    expect(mini.code).toBe(1);
    expect(mini.stderr).toContain(`SERA-32B @32k (no paper row at 32k is of the run's protocol) was measured under protocol ${SERA_LABEL}, run ${miniSample} under ${MINI}`);
  });
});

describe("gate --reference refuses another protocol", () => {
  it("exits 2 naming both protocols; --allow-different-protocol judges it and prints both", () => {
    const refused = cli("gate", seraSample, "--min-resolve-rate", "0", "--reference", miniSample);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain(`FAILED reference-run: reference ${miniSample}: mini-six was measured under protocol ${MINI}, sera-six under ${SERA_LABEL}`);
    const allowed = cli("gate", seraSample, "--min-resolve-rate", "0", "--reference", miniSample, "--allow-different-protocol");
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(allowed.stdout).toContain(`protocols: different protocols (--allow-different-protocol): sera-six ${SERA_LABEL}`);
  });

  it("two runs that record no protocol (eval without --protocol) are unknown, which matches nothing", async () => {
    const a = await makeRun(parent, { runId: "old-a", instances: small([]) });
    const b = await makeRun(parent, { runId: "old-b", instances: small([]) });
    const refused = cli("compare", a, b);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("old-b was measured under protocol unknown, old-a under unknown (unknown matches nothing");
    expect(refused.stderr).toContain("eval --protocol NAME");
  });
});

describe("older run folders", () => {
  const sha = "cd".repeat(32);
  it("without the record, a run is what its trajectories say; else what run.json's options.protocol says; else unknown", async () => {
    const published = await makeRun(parent, { runId: "old-traj", instances: SMALL.map((id) => ({ id, outcome: "resolved", traj: traj({ name: "sera", source: "sera", sha256: sha, protocol: "published" }) })) });
    expect((await loadRun(published)).protocol).toEqual({ family: "sera", version: seraVersion(), config_sha256: sha, source: FROM_TRAJECTORIES });
    const custom = await makeRun(parent, { runId: "old-custom", instances: SMALL.map((id) => ({ id, outcome: "resolved", traj: traj({ name: "mine", sha256: sha, protocol: "custom" }) })) });
    expect((await loadRun(custom)).protocol).toMatchObject({ family: "custom", based_on: "sera", config_sha256: sha });
    const mixed = await makeRun(parent, { runId: "old-mixed", instances: SMALL.map((id, i) => ({ id, outcome: "resolved", traj: traj({ sha256: i === 0 ? sha : "ef".repeat(32), protocol: "published" }) })) });
    expect((await loadRun(mixed)).protocol).toMatchObject({ family: "unknown", source: "the trajectories record 2 different agent configs" });
    const meta = await makeRun(parent, { runId: "old-meta", instances: small([]), meta: { kind: "run", options: { protocol: { status: "custom", differs: ["tools"], summary: "custom" }, agent_config: { name: "x", sha256: sha } } } });
    expect((await loadRun(meta)).protocol).toEqual({ family: "custom", version: null, config_sha256: sha, based_on: "sera", differs: ["tools"], source: FROM_RUN_JSON });
    const beside = await makeRun(parent, { runId: "identity-beside", instances: small([]), meta: { kind: "run", options: { protocol: { status: "custom", identity: parseProtocolName(MINI) } } } });
    expect(protocolLabel((await loadRun(beside)).protocol)).toBe(MINI);
    const none = await makeRun(parent, { runId: "old-none", instances: small([]).map((i) => ({ ...i, traj: traj(undefined) })) });
    expect((await loadRun(none)).protocol.family).toBe("unknown");
  });
});

describe("reports carry the protocol", () => {
  it("summary.md and report.html name the run's protocol, and say when the paper's rows beside it were made under another", async () => {
    const out = join(parent, "report-mini");
    const result = await writeReport({ runs: [miniSample], outDir: out, onNotice: () => undefined });
    const note = `mini-six was made under protocol ${MINI}, the paper's rows under ${SERA_LABEL}: shown side by side, not comparable`;
    expect(result.data.protocolNotes).toEqual([expect.stringContaining(note)]);
    const md = await readFile(result.files.md, "utf8");
    expect(md).toContain(`- Protocol: ${MINI} (${STATED_BY_USER})`);
    expect(md).toContain(note);
    const html = await readFile(result.files.html, "utf8");
    expect(html).toContain(`protocol: ${MINI} (${STATED_BY_USER})`);
    expect(html).toContain(`(paper; protocol ${SERA_LABEL})`);
  });
});
