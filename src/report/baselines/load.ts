/** The bundled baselines (harness/baselines/*.json), parsed once and flattened into one shape. */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { LoadedRun } from "../run/types.ts";
import { contextLengthOf } from "../../run/files/schemas.ts";
import { parseJsonAs } from "../../util/json.ts";
import { projectPath } from "../../util/paths.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { optional } from "../../util/optional.ts";
import type { ProtocolIdentity } from "../../protocol/identity.ts";
import { leaderboardRowProtocol, PAPER_ORIGINS, paperRowProtocol } from "./protocol.ts";

const BASELINE_DIR = projectPath("harness/baselines/");

const paperSchema = z.looseObject({
  source: z.string(),
  denominator: z.number().int().positive(),
  entries: z.array(z.looseObject({
    name: z.string(),
    context: z.string(),
    context_tokens: z.number().int().positive(),
    resolved_pct: z.number(),
    sd_pct: z.number().optional(),
    seeds: z.number().int().optional(),
    origin: z.enum(PAPER_ORIGINS),
  })),
});

const leaderboardSchema = z.looseObject({
  source: z.string(),
  licence: z.string(),
  denominator: z.number().int().positive(),
  submissions: z.array(z.looseObject({
    name: z.string(),
    folder: z.string(),
    date: z.string(),
    resolved_pct: z.number(),
    open_weights: z.boolean().optional(),
    instances: z.number().int().optional(),
    resolved_ids: z.array(z.string()).optional(),
    note: z.string().optional(),
  })),
});

/** One published figure to compare against. */
export interface Baseline {
  /** Unique, e.g. "SERA-32B @32k" or a leaderboard name. */
  readonly key: string;
  readonly name: string;
  readonly origin: "sera-paper" | "leaderboard";
  /** "32k", "64k", ...; undefined when not published (leaderboard). */
  readonly context: string | undefined;
  readonly resolvedPct: number;
  readonly total: number;
  /** Mean ± sd over seeds where given. */
  readonly seeds: { readonly n: number; readonly sdPct: number } | undefined;
  /** Resolved ids where published (paired comparisons). */
  readonly resolvedIds: ReadonlySet<string> | undefined;
  readonly source: string;
  /** Which protocol measured it (baselines/protocol.ts): compared only with runs of the same one. */
  readonly protocol: ProtocolIdentity;
  readonly date?: string;
  readonly note?: string;
}

/** A JSON file bundled in harness/baselines/, checked by its schema. */
export async function readBaselineFile<T>(name: string, schema: z.ZodType<T>): Promise<T> {
  const path = `${BASELINE_DIR}${name}`;
  return parseJsonAs(await readFile(path, "utf8"), path, schema, "a baseline file");
}

export async function loadBaselines(): Promise<Baseline[]> {
  const paper = await readBaselineFile("sera-paper.json", paperSchema);
  const board = await readBaselineFile("leaderboard-verified.json", leaderboardSchema);
  const fromPaper: Baseline[] = paper.entries.map((e) => ({
    key: `${e.name} @${e.context}`, name: e.name, protocol: paperRowProtocol(`${e.name} @${e.context}`, e.origin), origin: "sera-paper", context: e.context, resolvedPct: e.resolved_pct,
    total: paper.denominator, seeds: e.sd_pct === undefined ? undefined : { n: e.seeds ?? 3, sdPct: e.sd_pct },
    resolvedIds: undefined, source: `${paper.source}; ${e.origin}`,
  }));
  const fromBoard: Baseline[] = board.submissions.map((s) => ({
    key: s.name, name: s.name, origin: "leaderboard", protocol: leaderboardRowProtocol(s.name, s.folder), context: undefined, resolvedPct: s.resolved_pct,
    total: s.instances ?? board.denominator, seeds: undefined,
    resolvedIds: s.resolved_ids === undefined ? undefined : new Set(s.resolved_ids),
    source: `${board.source} (${s.folder}; ${board.licence})`, date: s.date, ...optional("note", s.note),
  }));
  return [...fromPaper, ...fromBoard];
}

/** "32768" | 32768 | "32k" | "32K" -> "32k". */
export function contextLabel(value: number | string): string {
  if (typeof value === "number") return value % 1024 === 0 ? `${value / 1024}k` : String(value);
  const trimmed = value.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return contextLabel(Number(trimmed));
  if (/^\d+k$/.test(trimmed)) return trimmed;
  throw new SeraBenchError(`--context: expected a context length such as 32k, 64k or 32768, got ${JSON.stringify(value)}`);
}

/** The context length recorded in a run's run.json, as a label ("32k"). */
export function runContext(run: LoadedRun | undefined): string | undefined {
  const length = contextLengthOf(run?.meta);
  return length === undefined ? undefined : contextLabel(length);
}

/**
 * Baselines named (case-insensitive; exact key or name, else a unique substring), or by default the
 * paper's rows at `context`. `flag`: the option the user named them with (compare's --baseline,
 * gate's --reference), for the errors.
 */
export function selectBaselines(all: readonly Baseline[], names: readonly string[], context: string | undefined, flag = "--baseline"): Baseline[] {
  if (names.length === 0) return all.filter((b) => b.origin === "sera-paper" && (context === undefined || b.context === context));
  return names.flatMap((name) => pickBaseline(all, name, context, flag));
}

function pickBaseline(all: readonly Baseline[], name: string, context: string | undefined, flag: string): Baseline[] {
  const needle = name.toLowerCase();
  const atContext = (b: Baseline) => context === undefined || b.context === undefined || b.context === context;
  const exact = all.filter((b) => (b.key.toLowerCase() === needle || b.name.toLowerCase() === needle) && atContext(b));
  if (exact.length > 0) return exact;
  const partial = all.filter((b) => b.key.toLowerCase().includes(needle) && atContext(b));
  if (partial.length === 0) throw new SeraBenchError(`${flag} ${JSON.stringify(name)}: no baseline matches${context === undefined ? "" : ` at ${context}`} (see harness/baselines/*.json)`);
  const names = new Set(partial.map((b) => b.name));
  if (names.size > 1) throw new SeraBenchError(`${flag} ${JSON.stringify(name)} is ambiguous: ${[...names].slice(0, 8).join("; ")}${names.size > 8 ? "; ..." : ""}`);
  return partial;
}
