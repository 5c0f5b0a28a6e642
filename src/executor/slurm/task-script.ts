import { chmod } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../../util/fs-atomic.ts";
import { executorPaths } from "../../run/plan-file.ts";

/** One shell word, whatever the text holds. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export interface TaskScriptOptions {
  readonly runDir: string;
  readonly shards: number;
  /** The node binary and sera-bench's bin/sera-bench.js, as paths valid on the nodes. */
  readonly node: string;
  readonly cli: string;
}

/**
 * The array task: run the worker for shard $SLURM_ARRAY_TASK_ID, then record its exit code in the
 * run folder (atomically), so the coordinator knows how it ended even without accounting.
 */
export function taskScript(options: TaskScriptOptions): string {
  const tasks = join(executorPaths(options.runDir).dir, "tasks");
  return [
    "#!/bin/bash",
    "# sera-bench worker task, written by the coordinator: one array task = one shard.",
    'shard="${SLURM_ARRAY_TASK_ID:?this script runs as a Slurm array task}"',
    `${shellQuote(options.node)} ${shellQuote(options.cli)} worker --run-dir ${shellQuote(options.runDir)} --shard "$shard/${options.shards}"`,
    "code=$?",
    `exit_file=${shellQuote(tasks)}"/$shard.exit"`,
    `mkdir -p ${shellQuote(tasks)}`,
    'printf \'%s\\n\' "$code" > "$exit_file.tmp.$$" && mv -f "$exit_file.tmp.$$" "$exit_file"',
    'exit "$code"',
    "",
  ].join("\n");
}

export async function writeTaskScript(options: TaskScriptOptions): Promise<string> {
  const path = join(executorPaths(options.runDir).dir, "task.sh");
  await writeFileAtomic(path, taskScript(options));
  await chmod(path, 0o755);
  return path;
}
