/**
 * summary.md prints untrusted text (model names from predictions, difficulty from the dataset) as
 * text: no raw HTML, and a `|` or a newline cannot break a table (issue 18, item 4.5).
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { writeReport } from "../src/report/write-report.ts";
import { makeRun } from "./fixtures/report/make-run.ts";
import { tempDir } from "./helpers/eval-run.ts";

const ROWS = fileURLToPath(new URL("fixtures/dataset/rows.json", import.meta.url));
const HOSTILE = "<img src=x onerror=alert(1)>|x";

/** The `|` of a table line that separate cells (not the escaped `\|` inside one). */
const separators = (line: string) => line.replace(/\\\\/g, "").replace(/\\\|/g, "").split("|").length - 1;

describe("summary.md", () => {
  it("escapes a hostile model name and difficulty: no raw HTML, tables keep their columns", async () => {
    const dir = await tempDir("markdown-escape");
    const rows = (JSON.parse(await readFile(ROWS, "utf8")) as Record<string, unknown>[]).slice(0, 2);
    const dataset = join(dir, "rows.jsonl");
    await writeFile(dataset, rows.map((row) => JSON.stringify({ ...row, difficulty: `${HOSTILE}\nsecond line` })).join("\n") + "\n");
    const instances = rows.map((row, index) => ({ id: String(row.instance_id), outcome: index === 0 ? ("resolved" as const) : ("unresolved" as const) }));
    const run = await makeRun(dir, { runId: "hostile", model: HOSTILE, instances, meta: { model: HOSTILE, dataset, split: "test" } });

    const { files } = await writeReport({ runs: [run], onNotice: () => undefined });
    const markdown = await readFile(files.md, "utf8");
    expect(markdown).not.toContain("<img");
    expect(markdown).toContain("&lt;img src=x onerror=alert(1)&gt;\\|x");
    expect(markdown).not.toMatch(/^second line/m);
    // The table's rows: the lines that start with "|" right after the heading (later sections have tables of their own).
    const afterHeading = markdown.slice(markdown.indexOf("### By difficulty")).split("\n");
    const start = afterHeading.findIndex((line) => line.startsWith("|"));
    const end = afterHeading.findIndex((line, index) => index > start && !line.startsWith("|"));
    const difficultyTable = afterHeading.slice(start, end === -1 ? undefined : end);
    expect(difficultyTable.length).toBe(3);
    for (const line of difficultyTable) expect(separators(line), line).toBe(3);
    expect(difficultyTable[2]).toContain("&lt;img src=x onerror=alert(1)&gt;\\|x second line");
  });
});
