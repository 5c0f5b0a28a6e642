/** The cost part of `report`: each run's cost (options over what run.json recorded) and its files in the report folder. */
import { join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../../util/fs-atomic.ts";
import { costSettingsOf, mergeCostSettings, type CostSettings } from "../../run/files/cost-settings.ts";
import type { LoadedRun } from "../run/types.ts";
import { COST_FILES, costCsv, stepLimitCsv, tokenBudgetCsv, tokenDistributionCsv } from "./csv.ts";
import { runCost, type RunCost } from "./summary.ts";

export type CostFiles = { readonly json: string } & { readonly [K in keyof typeof COST_FILES]: string };

/** `given`: the command line's --gpus, --gpu-hour-usd, --price (undefined fields: run.json's, else unknown). */
export function runCosts(runs: readonly LoadedRun[], given: CostSettings = {}): RunCost[] {
  return runs.map((run) => runCost(run, mergeCostSettings(costSettingsOf(run.meta), given)));
}

export async function writeCostFiles(outDir: string, costs: readonly RunCost[]): Promise<CostFiles> {
  const files: CostFiles = {
    json: join(outDir, "cost.json"),
    figures: join(outDir, COST_FILES.figures), stepLimit: join(outDir, COST_FILES.stepLimit),
    tokenBudget: join(outDir, COST_FILES.tokenBudget), tokenDistribution: join(outDir, COST_FILES.tokenDistribution),
  };
  await writeJsonAtomic(files.json, costs, 2);
  await writeFileAtomic(files.figures, costCsv(costs));
  await writeFileAtomic(files.stepLimit, stepLimitCsv(costs));
  await writeFileAtomic(files.tokenBudget, tokenBudgetCsv(costs));
  await writeFileAtomic(files.tokenDistribution, tokenDistributionCsv(costs));
  return files;
}
