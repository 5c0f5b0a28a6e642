import { spawn } from "node:child_process";
import { SeraBenchError } from "../../util/errors.ts";

/** Slurm's client commands, spawned with argument arrays (never a shell line). */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCommand(command: string, args: readonly string[], timeoutMs = 60_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      reject(new SeraBenchError(missing ? `${command} is not installed here: the Slurm executor needs Slurm's client commands (sbatch, squeue, scancel) on this machine` : `${command}: ${error.message}`));
    });
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

/** Submit; returns the job id (`--parsable` prints `id[;cluster]`). A refusal names sbatch's reason. */
export async function sbatch(args: readonly string[]): Promise<string> {
  const result = await runCommand("sbatch", ["--parsable", ...args]);
  const id = result.stdout.trim().split(";")[0] ?? "";
  if (result.code !== 0 || !/^\d+$/.test(id)) {
    const reason = (result.stderr.trim() || result.stdout.trim() || `exit code ${result.code}`).replace(/^sbatch: error: /gm, "");
    throw new SeraBenchError(`sbatch refused the job: ${reason}\n  command: sbatch --parsable ${args.join(" ")}`);
  }
  return id;
}

export type TaskStates = Map<string, string>;

const ACTIVE = new Set(["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "STAGE_OUT", "SIGNALING"]);

export function isActiveState(state: string): boolean {
  return ACTIVE.has(state);
}

/**
 * `<job>_<task>` -> state, from squeue (every state Slurm still remembers, `-t all`) and, when
 * accounting is enabled, sacct (which remembers for longer). A job Slurm forgot gives no entry.
 */
export async function taskStates(jobIds: readonly string[], useSacct: { value: boolean }): Promise<TaskStates> {
  const states: TaskStates = new Map();
  for (const jobId of jobIds) {
    if (useSacct.value) {
      const acct = await runCommand("sacct", ["-n", "-P", "-X", "-j", jobId, "-o", "JobID,State"]);
      if (acct.code !== 0 || /disabled/i.test(acct.stderr + acct.stdout)) useSacct.value = false;
      else parseLines(acct.stdout, states);
    }
    const queue = await runCommand("squeue", ["-h", "-r", "-t", "all", "-j", jobId, "-o", "%i|%T"]);
    if (queue.code === 0) parseLines(queue.stdout, states);
  }
  return states;
}

/** `123_4|RUNNING` lines (sacct: `CANCELLED by 0`) into the map; later sources win. Pure. */
export function parseLines(text: string, into: TaskStates): void {
  for (const line of text.split("\n")) {
    const [id, state] = line.trim().split("|");
    if (id === undefined || state === undefined || !/^\d+_\d+$/.test(id)) continue;
    into.set(id, state.split(" ")[0] ?? state);
  }
}

export async function scancel(jobIds: readonly string[]): Promise<void> {
  if (jobIds.length === 0) return;
  await runCommand("scancel", [...jobIds]);
}
