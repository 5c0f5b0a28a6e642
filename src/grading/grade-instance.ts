/**
 * One entry point for grading an instance from its test_output.txt. Pure: no files, no Docker.
 * `v4` is the official v4.1.0 verdict (the headline, with the exact report.json); `v5` is the
 * strict verdict: v5 grading (SKIPPED F2P fails, exit-code cross-check, SUITE_RAN, truncated-id
 * prefix match) made unresolved by any integrity flag.
 *
 * The log is read as the official harness reads test_output.txt back before grading: as Python text
 * (universal newlines), so `\r\n` and a lone `\r` are line breaks for every parser. This is the one
 * place grading normalises a log.
 */
import { pyUniversalNewlines } from "../util/python/str.ts";
import { getLogParser } from "./parsers/registry.ts";
import { integrityFlags, type IntegrityFlag } from "./integrity.ts";
import type { EvalType } from "./types.ts";
import { officialVerdict, strictVerdict, type OfficialOutcome, type StrictOutcome } from "./verdicts.ts";

export interface GradeInput {
  readonly instanceId: string;
  /** The whole test_output.txt, as written (newlines are normalised here). */
  readonly log: string;
  readonly failToPass: readonly string[];
  readonly passToPass: readonly string[];
  /** The dataset's `log_parser`, e.g. `parse_log_django`. Unknown names throw. */
  readonly logParser: string;
  /** The dataset's `eval_type`; defaults to `pass_and_fail`. */
  readonly evalType?: EvalType | undefined;
  /**
   * The model patch. `null` reproduces a prediction whose model_patch is None; when omitted the
   * integrity checks cannot run and `flags` stays empty. (Empty patches are never run by the
   * official harness: classify them before calling this.)
   */
  readonly patch?: string | null | undefined;
  /** The dataset's test_patch, for the test-path overlap check (#538). */
  readonly testPatch?: string | undefined;
}

export interface GradeResult {
  readonly v4: OfficialOutcome;
  readonly v5: StrictOutcome;
  /** The official and the strict verdict differ on `resolved`. */
  readonly disagree: boolean;
}

function flagsFor(input: GradeInput): IntegrityFlag[] {
  if (input.patch === undefined || input.patch === null) return [];
  return integrityFlags({ patch: input.patch, testPatch: input.testPatch, failToPass: input.failToPass });
}

export function gradeInstance(input: GradeInput): GradeResult {
  getLogParser(input.logParser, "v4"); // an unknown parser name throws here, whatever the patch
  const common = {
    instanceId: input.instanceId,
    log: pyUniversalNewlines(input.log),
    failToPass: input.failToPass,
    passToPass: input.passToPass,
    logParser: input.logParser,
    evalType: input.evalType ?? "pass_and_fail",
    patchIsNone: input.patch === null,
  };
  const v4 = officialVerdict(common);
  const v5 = strictVerdict(common, flagsFor(input));
  return { v4, v5, disagree: v4.resolved !== v5.resolved };
}
