/** `sera-bench compare`: our run(s) against baselines at the same context length, or two runs of ours. */
import { contextLabel, loadBaselines, runContext, selectBaselines, type Baseline } from "../baselines/load.ts";
import { loadRuns } from "../run/load.ts";
import { RunFolderError } from "../run/errors.ts";
import type { LoadedRun } from "../run/types.ts";
import { assertSameDataset } from "../summary/same-dataset.ts";
import { verifiedInstances } from "../summary/difficulty.ts";
import { compareSides, type Comparison } from "./choose-test.ts";
import { baselineSide, runSide, type Side } from "./sides.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { optional } from "../../util/optional.ts";
import { instanceSetCheck } from "./instance-set.ts";
import { groupProtocol, protocolCheck } from "./protocols.ts";
import { reproductionOf } from "./reproduce.ts";
import { protocolLabel, sameProtocol } from "../../protocol/identity.ts";
import { readExcludeList, withoutInstances } from "../run/exclude.ts";
import { stabilityOf } from "../summary/stability.ts";
import type { StabilitySummary } from "../summary/stability.ts";
import type { CostSettings } from "../../run/files/cost-settings.ts";
import type { RunCost } from "../cost/summary.ts";
import { runCosts } from "../cost/write.ts";

export interface CompareOptions {
  /** One RUN (against baselines) or two (ours against ours); each may be a seed base. */
  readonly runs: readonly string[];
  readonly baselines: readonly string[];
  readonly context: string | undefined;
  readonly alpha: number;
  /** Compare with a baseline even when the run covers another instance set (the sizes are printed). */
  readonly allowDifferentSet?: boolean;
  /** Compare sides of different protocols (both are printed side by side); refused otherwise, `unknown` included. */
  readonly allowDifferentProtocol?: boolean;
  /** A flake list (`sera-bench flakes`): the comparisons are also made without its instances. */
  readonly exclude?: string | undefined;
  /** --gpus, --gpu-hour-usd, --price (over what run.json recorded). */
  readonly cost?: CostSettings | undefined;
}

export interface CompareResult {
  readonly context: string | undefined;
  readonly comparisons: readonly Comparison[];
  /** Default baselines (the paper's rows at the context) left out because another protocol measured them. */
  readonly leftOut?: string;
  /** `eval --repeat N`: each run's resolved, resolved-stable and flaky instances. */
  readonly stability: readonly { readonly runId: string; readonly summary: StabilitySummary }[];
  /** `--exclude FILE`: the same comparisons without the list's instances. */
  readonly withoutExcluded?: { readonly file: string; readonly ids: readonly string[]; readonly comparisons: readonly Comparison[] };
  /** What each run cost (report/cost/). */
  readonly costs: readonly RunCost[];
}

/** Our side(s): one side for a single run or seeds vs a seeded baseline; one per seed otherwise. */
export function oursSides(arg: string, runs: readonly LoadedRun[], other: { seeds: unknown } | undefined, context: string | undefined): Side[] {
  if (runs.length > 1 && other !== undefined && other.seeds === undefined) return runs.map((run) => runSide(run.id, [run], context));
  return [runSide(arg, runs, context)];
}

export function checkContext(requested: string | undefined, recorded: string | undefined, runLabel: string): string | undefined {
  const wanted = requested === undefined ? undefined : contextLabel(requested);
  if (wanted !== undefined && recorded !== undefined && wanted !== recorded) {
    throw new RunFolderError(`--context ${wanted}: run ${runLabel} was made at ${recorded} (run.json); compare at the run's own context length`);
  }
  return wanted ?? recorded;
}

export async function compareRuns(options: CompareOptions): Promise<CompareResult> {
  if (options.runs.length === 0 || options.runs.length > 2) throw new SeraBenchError(`compare: name one run (against baselines) or two runs (ours against ours), got ${options.runs.length}`);
  const groups = await Promise.all(options.runs.map((arg) => loadRuns([arg])));
  assertSameDataset(groups.flat());
  const stability = groups.flat().flatMap((run) => {
    const summary = stabilityOf(run);
    return summary === undefined ? [] : [{ runId: run.id, summary }];
  });
  const full = { ...(await compareGroups(options, groups)), costs: runCosts(groups.flat(), options.cost) };
  if (options.exclude === undefined) return { ...full, stability };
  const list = await readExcludeList(options.exclude);
  const ids = [...list.ids].filter((id) => groups.flat().some((run) => run.instances.some((i) => i.id === id))).sort();
  const without = await compareGroups(options, groups.map((runs) => runs.map((run) => withoutInstances(run, list.ids))), list.ids);
  return { ...full, stability, withoutExcluded: { file: list.file, ids, comparisons: without.comparisons } };
}

async function compareGroups(options: CompareOptions, groups: readonly (readonly LoadedRun[])[], exclude?: ReadonlySet<string>): Promise<Pick<CompareResult, "context" | "comparisons" | "leftOut">> {
  const first = groups[0] ?? [];
  const context = checkContext(options.context, runContext(first[0]), options.runs[0] ?? "");
  const allowProtocol = options.allowDifferentProtocol ?? false;
  if (groups.length === 2 && options.baselines.length === 0) {
    const second = groups[1] ?? [];
    const a = runSide(options.runs[0] ?? "", first, context);
    const b = runSide(options.runs[1] ?? "", second, runContext(second[0]));
    const protocols = refuseUnlike([protocolCheck(a, b, allowProtocol)]);
    return { context, comparisons: [{ ...compareSides(a, b, options.alpha), ...optional("protocols", protocols[0]) }] };
  }
  if (groups.length === 2) throw new SeraBenchError("compare: with --baseline, name one run (or one seed base)");
  if (context === undefined && options.baselines.length === 0) {
    throw new SeraBenchError(`compare: the context length of ${options.runs[0] ?? ""} is not recorded (run.json); pass --context 32k (or 64k) or name --baseline`);
  }
  const selected = selectBaselines(await loadBaselines(), options.baselines, context);
  const { chosen, leftOut } = options.baselines.length > 0 || allowProtocol ? { chosen: selected, leftOut: undefined } : defaultOfProtocol(options.runs[0] ?? "", first, selected, context);
  const comparisons = await againstBaselines(options.runs[0] ?? "", first, chosen, {
    context, alpha: options.alpha, allowDifferentSet: options.allowDifferentSet ?? false, allowDifferentProtocol: allowProtocol, ...optional("exclude", exclude),
  });
  return { context, comparisons, ...optional("leftOut", leftOut) };
}

/**
 * The paper's rows at the run's context, without those another protocol measured (the rows it quoted
 * from other reports); all of them of another protocol: refused as a named baseline would be.
 */
function defaultOfProtocol(arg: string, runs: readonly LoadedRun[], selected: readonly Baseline[], context: string | undefined): { chosen: Baseline[]; leftOut: string | undefined } {
  const protocol = groupProtocol(runs);
  const chosen = selected.filter((b) => sameProtocol(protocol, b.protocol));
  const other = selected.filter((b) => !chosen.includes(b));
  if (other.length === 0) return { chosen, leftOut: undefined };
  const example = other.find((b) => b.protocol.family === "sera") ?? other[0];
  if (chosen.length === 0 && example !== undefined) {
    refuseUnlike([protocolCheck({ label: `run ${arg}`, protocol }, { label: `${example.key} (no paper row at ${context ?? "this context"} is of the run's protocol)`, protocol: example.protocol }, false)]);
  }
  const names = other.map((b) => b.key).join(", ");
  return { chosen, leftOut: `left out ${other.length} of the paper's rows at ${context ?? "this context"}, measured under another protocol than ${protocolLabel(protocol)} (the paper quoted them from other reports): ${names}; --allow-different-protocol includes them` };
}

/** Every refusal at once (a baseline of another set and another protocol names both); else the notes of what was allowed. */
function refuseUnlike(checks: readonly ({ readonly refusal?: string; readonly note?: string } | undefined)[]): string[] {
  const refusals = checks.flatMap((c) => (c?.refusal === undefined ? [] : [c.refusal]));
  if (refusals.length > 0) throw new RunFolderError(refusals.join("; and "));
  return checks.flatMap((c) => (c?.note === undefined ? [] : [c.note]));
}

export interface AgainstBaselinesOptions {
  readonly context: string | undefined;
  readonly alpha: number;
  readonly allowDifferentSet: boolean;
  readonly allowDifferentProtocol: boolean;
  /** Left out of the baselines' instance set and per-instance ids too (a baseline that publishes only a rate keeps it). */
  readonly exclude?: ReadonlySet<string>;
}

/** Our run(s) against published baselines, each measured on SWE-bench Verified: only over that set unless allowed. */
export async function againstBaselines(arg: string, runs: readonly LoadedRun[], baselines: readonly Baseline[], options: AgainstBaselinesOptions): Promise<Comparison[]> {
  const exclude = options.exclude ?? new Set<string>();
  const universe = [...(await verifiedInstances()).keys()].filter((id) => !exclude.has(id));
  return baselines.flatMap((baseline) => {
    const sets = runs[0] === undefined ? undefined : instanceSetCheck(runs[0], baseline, universe, options.allowDifferentSet);
    const protocols = protocolCheck({ label: `run ${runs.length === 1 ? (runs[0]?.id ?? arg) : arg}`, protocol: groupProtocol(runs) }, { label: baseline.key, protocol: baseline.protocol }, options.allowDifferentProtocol);
    refuseUnlike([sets, protocols]);
    const resolvedIds = baseline.resolvedIds === undefined ? undefined : new Set([...baseline.resolvedIds].filter((id) => !exclude.has(id)));
    const other = baselineSide({ ...baseline, resolvedIds }, universe);
    return oursSides(arg, runs, other, options.context).map((ours) => ({
      ...compareSides(ours, other, options.alpha), ...optional("instanceSets", sets?.note), ...optional("protocols", protocols?.note),
      ...optional("reproduction", reproductionOf(ours, other)),
    }));
  });
}
