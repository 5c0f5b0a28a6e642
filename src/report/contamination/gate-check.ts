/** `gate --max-exact-match X`: fail when more than X of the run's predictions contain the gold patch verbatim. */
import type { GateCheck } from "../gate/types.ts";
import type { LoadedRun } from "../run/types.ts";
import { goldPatches } from "./gold.ts";
import { runExactMatch } from "./run-rate.ts";
import { exactMatchLine } from "./section.ts";

/** A check of this name that fails makes the verdict INVALID: the gold patches could not be read. */
export const NO_GOLD_CHECK = "exact-match-gold";

export async function exactMatchCheck(run: LoadedRun, max: number): Promise<GateCheck> {
  const gold = await goldPatches(run.meta?.dataset, run.meta?.split);
  if (!gold.available) return { name: NO_GOLD_CHECK, passed: false, message: `--max-exact-match: ${gold.reason}` };
  const result = runExactMatch(run, gold.patches);
  const passed = result.rate <= max;
  return { name: "max-exact-match", passed, message: `${exactMatchLine(result)}; ${passed ? "<=" : ">"} maximum ${(max * 100).toFixed(1)}%` };
}
