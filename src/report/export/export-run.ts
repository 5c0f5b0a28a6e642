/** `sera-bench export RUN --format atif|swe-agent --out DIR`: a run's trajectories in another format, one file per instance. */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { writeJsonAtomic } from "../../util/fs-atomic.ts";
import { SeraBenchError } from "../../util/errors.ts";
import { runMetaSchema } from "../../run/files/schemas.ts";
import { seraBenchVersion } from "../../run/files/run-meta.ts";
import { resolveRunArgs } from "../run/find.ts";
import { readOptionalJson } from "../run/read-json.ts";
import { RunFolderError } from "../run/errors.ts";
import { readOurTrajectory } from "./our-trajectory.ts";
import { toAtif } from "./to-atif.ts";
import { toSweAgent } from "./to-swe-agent.ts";

export const EXPORT_FORMATS = ["atif", "swe-agent"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  readonly run: string;
  readonly format: ExportFormat;
  readonly outDir: string;
  /** Only these instances (default: every trajectory of the run). */
  readonly instanceIds?: readonly string[] | undefined;
}

export interface ExportResult {
  readonly runDir: string;
  readonly files: readonly string[];
}

const SUFFIX = ".traj.json";
/** Instance ids become file names: letters, digits, '_', '.', '-', not starting with '.'. */
const SAFE_ID = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/** Where an instance's export goes: ATIF as Harbor keeps one trajectory per file, SWE-agent as its own <id>/<id>.traj. */
export function exportPath(outDir: string, format: ExportFormat, instanceId: string): string {
  return format === "atif" ? join(outDir, `${instanceId}.trajectory.json`) : join(outDir, instanceId, `${instanceId}.traj`);
}

async function trajectoryIds(runDir: string, wanted: readonly string[] | undefined): Promise<string[]> {
  const names = await readdir(join(runDir, "trajs")).catch(() => [] as string[]);
  const ids = names.filter((name) => name.endsWith(SUFFIX)).map((name) => name.slice(0, -SUFFIX.length)).sort();
  const unsafe = ids.filter((id) => !SAFE_ID.test(id));
  if (unsafe.length > 0) throw new RunFolderError(`${join(runDir, "trajs")}: trajectory file names that are not instance ids: ${unsafe.map((id) => JSON.stringify(id)).join(", ")}`);
  if (wanted === undefined) {
    if (ids.length === 0) throw new RunFolderError(`${runDir}: no trajectories (trajs/<id>.traj.json): export needs a run made by \`sera-bench infer\` or \`run\``);
    return ids;
  }
  const missing = wanted.filter((id) => !ids.includes(id));
  if (missing.length > 0) throw new RunFolderError(`${runDir}: no trajectory for ${missing.join(", ")} (trajs/ has ${ids.length})`);
  return [...wanted];
}

export async function exportRun(options: ExportOptions): Promise<ExportResult> {
  if (!EXPORT_FORMATS.includes(options.format)) throw new SeraBenchError(`--format: expected ${EXPORT_FORMATS.join(" or ")}, got ${JSON.stringify(options.format)}`);
  const dirs = await resolveRunArgs([options.run]);
  if (dirs.length !== 1 || dirs[0] === undefined) throw new SeraBenchError(`${options.run} stands for ${dirs.length} seed runs; export one run at a time (e.g. ${options.run}-s1)`);
  const runDir = dirs[0];
  const meta = await readOptionalJson(join(runDir, "run.json"), "run metadata (run.json)", runMetaSchema);
  const version = meta?.sera_bench_version ?? seraBenchVersion();
  const files: string[] = [];
  for (const id of await trajectoryIds(runDir, options.instanceIds)) {
    const traj = await readOurTrajectory(runDir, id);
    if (traj === undefined) continue;
    const path = exportPath(options.outDir, options.format, id);
    await writeJsonAtomic(path, options.format === "atif" ? toAtif(traj, version) : toSweAgent(traj, version), 2);
    files.push(path);
  }
  return { runDir, files };
}
