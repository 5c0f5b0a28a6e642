/**
 * The step log of a rollout in progress: `trajs/<id>.traj.jsonl` next to `trajs/<id>.traj.json`.
 * Writing the whole trajectory after every step costs more as the run grows; instead the trajectory
 * file is written when the rollout starts (header, first messages) and when it ends (everything, the
 * format readers and SWE-agent-style consumers know), and in between each step appends one line
 * with what is new: the steps recorded since the last line, the history from the first message that
 * changed, the info and the wall time so far. The log is removed once the final file is written.
 *
 * A killed rollout leaves the start file and its log; `withStepLog` puts them together again, so a
 * kill loses at most the step in flight (a torn last line is that step). The log's first line names
 * the rollout (its started_at): a log left by an earlier rollout of the instance is ignored.
 */
import { appendFile, readFile, rm, writeFile } from "node:fs/promises";
import { redactSecrets } from "../util/secrets.ts";
import { guardWrite } from "../util/write-errors.ts";
import { z } from "zod";
import { SeraBenchError } from "../util/errors.ts";

const LOG_FORMAT = "sera-bench.traj-log/1";

const headerSchema = z.object({ log: z.literal(LOG_FORMAT), started_at: z.string() });
const lineSchema = z.object({
  steps: z.array(z.unknown()),
  history_from: z.number().int().nonnegative(),
  history: z.array(z.unknown()),
  info: z.looseObject({}),
  wall_time_s: z.number(),
});
/** What the writer passes (info: the trajectory's info object as it stands). */
export type StepLogLine = Omit<z.infer<typeof lineSchema>, "info"> & { info: object };

/** `x.traj.json` -> `x.traj.jsonl`. */
export function stepLogPath(trajectoryPath: string): string {
  return `${trajectoryPath.replace(/\.json$/, "")}.jsonl`;
}

export class StepLog {
  readonly path: string;
  constructor(trajectoryPath: string) {
    this.path = stepLogPath(trajectoryPath);
  }

  /** A new log for the rollout that started at `startedAt` (replaces one left by an earlier rollout). */
  start(startedAt: string): Promise<void> {
    return guardWrite(this.path, () => writeFile(this.path, `${JSON.stringify({ log: LOG_FORMAT, started_at: startedAt })}\n`));
  }

  /** One line: what is new since the last one, without the registered secrets (as every writer of results/). */
  append(line: StepLogLine): Promise<void> {
    return guardWrite(this.path, () => appendFile(this.path, `${redactSecrets(JSON.stringify(line))}\n`));
  }

  remove(): Promise<void> {
    return rm(this.path, { force: true });
  }
}

type Unfinished = { started_at: string; finished_at: null; steps?: unknown[]; history?: unknown[] };

function isUnfinished(value: unknown): value is Unfinished {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.finished_at === null && typeof v.started_at === "string";
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new SeraBenchError(`${path}: cannot read the step log: ${(error as Error).message}`, { cause: error });
  }
}

/** The log's lines for the rollout that started at `startedAt`; [] for no log or another rollout's. */
function parseLog(text: string, path: string, startedAt: string): z.infer<typeof lineSchema>[] {
  // Every line ends with a newline: what follows the last one is empty, or a torn line (the step in flight).
  const complete = text.split("\n").slice(0, -1);
  const parse = (line: string, index: number): unknown => {
    try {
      return JSON.parse(line);
    } catch (error) {
      throw new SeraBenchError(`${path} line ${index + 1}: not JSON (${(error as Error).message})`, { cause: error });
    }
  };
  if (complete.length === 0) return [];
  const header = headerSchema.safeParse(parse(complete[0]!, 0));
  if (!header.success) throw new SeraBenchError(`${path} line 1: expected {"log": "${LOG_FORMAT}", "started_at": ...}`);
  if (header.data.started_at !== startedAt) return [];
  return complete.slice(1).map((line, i) => {
    const parsed = lineSchema.safeParse(parse(line, i + 1));
    if (!parsed.success) throw new SeraBenchError(`${path} line ${i + 2}: not a step log line as expected:\n${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
}

/**
 * A trajectory file's content (parsed) with its step log applied when the rollout did not finish;
 * unchanged otherwise (a finished trajectory, no log, a log of another rollout, not ours at all).
 */
export async function withStepLog<T>(trajectoryPath: string, value: T): Promise<T> {
  if (!isUnfinished(value)) return value;
  const path = stepLogPath(trajectoryPath);
  const text = await readOptional(path);
  if (text === undefined) return value;
  const lines = parseLog(text, path, value.started_at);
  if (lines.length === 0) return value;
  let history = value.history ?? [];
  const steps = [...(value.steps ?? [])];
  for (const line of lines) {
    steps.push(...line.steps);
    history = [...history.slice(0, line.history_from), ...line.history];
  }
  const last = lines.at(-1)!;
  return { ...value, info: last.info, wall_time_s: last.wall_time_s, history, steps };
}
