/**
 * report on three seeds at 32K plus one run at 64K (trajectories, run.json): summary files, seed
 * statistics, and report.html opened by headless Chromium (screenshot, rendered DOM): charts and
 * the per-instance table render, and every string from the runs is escaped.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReport, type ReportFiles } from "../src/report/write-report.ts";
import { dumpDom, requireChromium, screenshot } from "./helpers/chromium.ts";
import { HOSTILE_ID, makeSeededRuns } from "./fixtures/report/seeded-runs.ts";

let parent: string;
let report: ReportFiles;
let html: string;

beforeAll(async () => {
  requireChromium();
  parent = await mkdtemp(join(tmpdir(), "sera-bench-report-html-"));
  const dirs = await makeSeededRuns(parent);
  report = await writeReport({ runs: dirs, outDir: join(parent, "out"), onNotice: () => undefined });
  html = await readFile(report.files.html, "utf8");
});
afterAll(async () => rm(parent, { recursive: true, force: true }));

describe("report across seeds and contexts", () => {
  it("groups the three 32K seeds: mean ± sd of 2/5, 1/5, 3/5 and pass@k", () => {
    const group = report.data.groups.find((g) => g.group === "allenai/SERA-32B @32k");
    expect(group?.runs).toEqual(["cfg-s1", "cfg-s2", "cfg-s3"]);
    expect(group?.meanRate).toBeCloseTo(0.4, 12);
    expect(group?.sdRate).toBeCloseTo(0.2, 12);
    // Per instance c of n = 3: 11099 3, 11133 1, 20590 2, 12907 0, hostile 0.
    // pass@1 = (1 + 1/3 + 2/3 + 0 + 0) / 5 = 0.4; pass@2 = (1 + 2/3 + 1 + 0 + 0) / 5 = 8/15; pass@3 = 3/5.
    expect(group?.passAtK.map((p) => p.value)).toEqual([expect.closeTo(0.4, 12), expect.closeTo(8 / 15, 12), expect.closeTo(0.6, 12)]);
  });

  it("counts tokens, steps, wall time and exit statuses from the trajectories", () => {
    const run = report.data.runs[0];
    expect(run?.agent.trajectories).toBe(5);
    expect(run?.agent.exitStatuses).toEqual({ submitted: 4, exit_context: 1 });
    expect(run?.agent.steps?.sum).toBe(2 + 3 + 4 + 5 + 1);
    expect(run?.agent.promptTokens?.sum).toBe(15_000);
    expect(run?.byRepo.map((b) => [b.key, b.resolved, b.total])).toContainEqual(["django/django", 1, 2]);
    expect(run?.byDifficulty.map((b) => b.key)).toEqual(["<15 min fix", "15 min - 1 hour", "unknown"]);
  });

  it("writes summary.csv and summary.md with the seed rows", async () => {
    const csv = await readFile(report.files.csv, "utf8");
    expect(csv.split("\n")[0]).toBe("group,run_id,context,seed,scope,key,resolved,total,rate,ci95_low,ci95_high,complete");
    expect(csv).toContain("allenai/SERA-32B @32k,cfg-s1 cfg-s2 cfg-s3,32k,,pass_at_k,pass@3,,,0.6");
    const md = await readFile(report.files.md, "utf8");
    expect(md).toContain("| allenai/SERA-32B @32k | 3 | 40.0% ± 20.0 |");
    expect(md).toContain("| SERA-32B | 64k | 54.2% ± 1.4 |");
  });

  it("escapes every string from the runs (patches, test names, trajectories; ids are checked when read)", () => {
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<img src=y");
    expect(html).not.toContain("<b onmouseover");
    expect(html).toContain(`data-id="${HOSTILE_ID}"`);
    expect(html).toContain("&lt;/pre&gt;&lt;script&gt;alert(&quot;patch&quot;)&lt;/script&gt;");
    expect(html).toContain("test_&lt;b onmouseover=alert(4)&gt;bold");
    expect(html).not.toContain("obs0"); // trajectories are on their own pages, loaded when opened
    const page = readFileSync(join(report.outDir, "trajectories", "1", `${HOSTILE_ID}.html`), "utf8");
    expect(page).toContain("&lt;script&gt;alert(&quot;obs0&quot;)&lt;/script&gt;");
    expect(page).not.toContain("<script>");
    expect(html.match(/<script>/g)).toHaveLength(1); // our own row filter only
  });

  it("is self-contained: no external scripts, styles or images", () => {
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it("renders in headless Chromium: screenshot taken, charts and table in the DOM", async () => {
    const png = join(parent, "report.png");
    await screenshot(report.files.html, png);
    expect((await stat(png)).size).toBeGreaterThan(20_000);
    const dom = await dumpDom(report.files.html);
    expect(dom.match(/<figure class="chart">/g)).toHaveLength(4);
    expect(dom.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
    expect(dom.match(/<g class="bar ours">/g)?.length).toBeGreaterThanOrEqual(5);
    expect(dom.match(/<g class="bar baseline">/g)?.length).toBeGreaterThanOrEqual(2);
    expect(dom).toMatch(/<g class="series ours s0"><polyline/);
    expect(dom.match(/<tr class="instance"/g)).toHaveLength(5);
    expect(dom.match(/<details class="traj">/g)).toHaveLength(5 * 4);
    expect(dom).toContain(`data-id="${HOSTILE_ID}"`);
    expect(dom).not.toContain("<script>alert");
  });
});
