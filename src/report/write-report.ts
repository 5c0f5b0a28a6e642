/** `sera-bench report`: named steps from run folders to summary.{json,csv,md} and report.html. */
import { join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../util/fs-atomic.ts";
import { loadBaselines } from "./baselines/load.ts";
import { allDetails } from "./html/details.ts";
import { reportPage } from "./html/page.ts";
import { loadRuns } from "./run/load.ts";
import { readExcludeList } from "./run/exclude.ts";
import { summaryCsv } from "./output/csv.ts";
import { summaryMarkdown } from "./output/markdown.ts";
import type { LoadedRun } from "./run/types.ts";
import { buildReport, type ReportData } from "./summary/build.ts";
import { difficultyMap } from "./summary/difficulty.ts";
import type { CostSettings } from "../run/files/cost-settings.ts";
import { runCosts, writeCostFiles, type CostFiles } from "./cost/write.ts";
import { costMarkdown } from "./cost/format.ts";
import type { RunCost } from "./cost/summary.ts";
import { goldPatches } from "./contamination/gold.ts";

export interface ReportOptions {
  readonly runs: readonly string[];
  /** Default: <first run>/report. */
  readonly outDir?: string | undefined;
  /** Dataset for difficulty labels (default: run.json's, else the bundled Verified list). */
  readonly dataset?: string | undefined;
  /** A flake list (`sera-bench flakes`): rates are also shown without its instances. */
  readonly exclude?: string | undefined;
  readonly onNotice?: (line: string) => void;
  /** --gpus, --gpu-hour-usd, --price (over what run.json recorded; absent: unknown). */
  readonly cost?: CostSettings | undefined;
}

export interface ReportFiles {
  readonly data: ReportData;
  readonly outDir: string;
  readonly files: { readonly json: string; readonly csv: string; readonly md: string; readonly html: string };
  /** What each run cost (report/cost/) and its files: cost.json, cost.csv, the budget curves. */
  readonly costs: readonly RunCost[];
  readonly costFiles: CostFiles;
}

export async function writeReport(options: ReportOptions): Promise<ReportFiles> {
  const notice = options.onNotice ?? ((line: string) => process.stderr.write(`${line}\n`));
  const runs = await loadRuns(options.runs);
  const difficulty = await difficultyMap(options.dataset ?? runs[0]?.meta?.dataset, runs[0]?.meta?.split, notice);
  const exclude = options.exclude === undefined ? undefined : await readExcludeList(options.exclude);
  const gold = await goldPatches(options.dataset ?? runs[0]?.meta?.dataset, runs[0]?.meta?.split);
  const data = buildReport(runs, difficulty, await loadBaselines(), new Date(), exclude, gold);
  const outDir = options.outDir ?? defaultOutDir(runs);
  const files = { json: join(outDir, "summary.json"), csv: join(outDir, "summary.csv"), md: join(outDir, "summary.md"), html: join(outDir, "report.html") };
  await writeJsonAtomic(files.json, data, 2);
  await writeFileAtomic(files.csv, summaryCsv(data));
  const costs = runCosts(runs, options.cost);
  const costFiles = await writeCostFiles(outDir, costs);
  await writeFileAtomic(files.md, `${summaryMarkdown(data)}\n${costs.flatMap(costMarkdown).join("\n")}`);
  await writeFileAtomic(files.html, reportPage(data, runs, await allDetails(runs, outDir), difficulty, costs));
  return { data, outDir, files, costs, costFiles };
}

function defaultOutDir(runs: readonly LoadedRun[]): string {
  const first = runs[0];
  if (first === undefined) return "report";
  return runs.length === 1 ? join(first.dir, "report") : join(first.dir, "..", `report-${first.id}+${runs.length - 1}`);
}
