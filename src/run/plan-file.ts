import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { parseJsonAs } from "../util/json.ts";
import { writeFileAtomic, writeJsonAtomic } from "../util/fs-atomic.ts";
import type { ImageNaming } from "../evaluation/image-name.ts";
import type { ContainerLimits } from "../sandbox/types.ts";
import { instanceRowSchema } from "../dataset/row.ts";
import type { Instance } from "../dataset/row.ts";
import { agentPlanSchema } from "./jobs/agent-plan.ts";
import { EVAL_SCRIPT_RULES } from "../evaluation/spec/eval-script.ts";
import { SeraBenchError } from "../util/errors.ts";
import { DEFAULT_MAX_CONSECUTIVE_FAILURES } from "./breaker.ts";

/**
 * What a worker on any node needs, written by the coordinator into the run folder:
 *   executor/plan.json        this schema (options, shard count, engines, token)
 *   executor/instances.jsonl  the selected dataset rows (workers never read the dataset source)
 *   executor/token            the token; a worker must read the same one (shared filesystem check)
 *   executor/tasks/<K>.json   written by the worker of shard K (started/finished, host, pid, error)
 *   executor/tasks/<K>.exit   written by the Slurm task script: the worker's exit code
 * plus the run's own predictions.jsonl (eval) or the agent settings in plan.json (infer/run).
 */
const namingSchema = z.object({
  namespace: z.string(),
  template: z.string().optional(),
  arch: z.string(),
  tag: z.string(),
  ignoreRowImage: z.boolean(),
});

export const planFileSchema = z.object({
  format: z.literal(1),
  kind: z.string().min(1),
  run_id: z.string().min(1),
  created_at: z.string(),
  token: z.string().min(8),
  shards: z.number().int().min(1),
  redo: z.boolean(),
  /** Instances run at once by one task, when no docker hosts are listed. */
  task_workers: z.number().int().min(1),
  docker_hosts: z.array(z.object({ address: z.string(), slots: z.number().int().min(1) })),
  image_budget_bytes: z.number().int().positive().nullable(),
  /** Instances in a row failing with the same server or engine error that stop the run (0: never); see breaker.ts. */
  max_consecutive_failures: z.number().int().min(0).default(DEFAULT_MAX_CONSECUTIVE_FAILURES),
  eval: z.object({
    timeout_seconds: z.number().positive(),
    generate: z.boolean(),
    /** --eval-scripts: the current harness's eval scripts or v4.1.0's. */
    eval_scripts: z.enum(EVAL_SCRIPT_RULES).default("current"),
    naming: namingSchema,
    limits: z.object({ network: z.string().optional(), memoryBytes: z.number().optional(), pidsLimit: z.number().optional() }),
    /** Evaluations per prediction (`--repeat N`, run/jobs/repeats.ts); absent = 1. */
    repeat: z.number().int().min(1).optional(),
  }),
  /** Job kind "agent" only (see agent-plan.ts); image naming and container limits are `eval`'s. */
  agent: agentPlanSchema.optional(),
});
export type PlanFile = z.infer<typeof planFileSchema>;

export interface ExecutorPaths {
  readonly dir: string;
  readonly plan: string;
  readonly instances: string;
  readonly token: string;
  taskStatus(shard: number): string;
  taskExit(shard: number): string;
  taskOutput(pattern: "%A_%a" | string): string;
}

export function executorPaths(runDir: string): ExecutorPaths {
  const dir = join(runDir, "executor");
  return {
    dir,
    plan: join(dir, "plan.json"),
    instances: join(dir, "instances.jsonl"),
    token: join(dir, "token"),
    taskStatus: (shard) => join(dir, "tasks", `${shard}.json`),
    taskExit: (shard) => join(dir, "tasks", `${shard}.exit`),
    taskOutput: (pattern) => join(dir, `slurm-${pattern}.out`),
  };
}

/** How a plan spreads the work: shards, instances at once per shard, engines, image budget. */
export interface PlanSpread {
  readonly shards: number;
  readonly taskWorkers: number;
  readonly dockerHosts: readonly { readonly address: string; readonly slots: number }[];
  readonly imageBudgetBytes: number | null;
  /** --max-consecutive-failures (default 3). */
  readonly maxConsecutiveFailures?: number;
}

/** The fields every job kind's plan has; a kind adds its own section (e.g. `agent`). */
export function newPlan(kind: string, runId: string, redo: boolean, spread: PlanSpread, evalPlan: PlanFile["eval"]): PlanFile {
  return {
    format: 1, kind, run_id: runId, created_at: new Date().toISOString(), token: randomUUID(),
    shards: spread.shards, redo, task_workers: spread.taskWorkers,
    docker_hosts: spread.dockerHosts.map((host) => ({ ...host })), image_budget_bytes: spread.imageBudgetBytes,
    max_consecutive_failures: spread.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES, eval: evalPlan,
  };
}

export async function writePlanFiles(runDir: string, plan: PlanFile, rows: readonly unknown[]): Promise<ExecutorPaths> {
  const paths = executorPaths(runDir);
  await writeFileAtomic(paths.instances, rows.map((row) => JSON.stringify(row)).join("\n") + (rows.length > 0 ? "\n" : ""));
  await writeFileAtomic(paths.token, `${plan.token}\n`);
  await writeJsonAtomic(paths.plan, plan, 2);
  return paths;
}

/** The selected dataset rows the coordinator wrote (executor/instances.jsonl). */
export async function readPlanInstances(runDir: string): Promise<Instance[]> {
  const path = executorPaths(runDir).instances;
  const text = await readFile(path, "utf8");
  return text.split("\n").flatMap((line, index) => (line.trim() === "" ? [] : [parseJsonAs(line, `${path}:${index + 1}`, instanceRowSchema, "an instance row")]));
}

/** Read and check plan.json; a missing file means this node does not see the coordinator's run folder. */
export async function readPlanFile(runDir: string): Promise<PlanFile> {
  const path = executorPaths(runDir).plan;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new SeraBenchError(`${path} does not exist on node ${hostname()}: the run folder must be on a filesystem every node shares (the coordinator wrote it there)`);
  }
  return parseJsonAs(text, path, planFileSchema, "a sera-bench plan");
}

/** The shared-filesystem check: the token the coordinator handed the task must be the one in the folder. */
export async function checkToken(runDir: string, plan: PlanFile, expected: string | undefined): Promise<void> {
  const path = executorPaths(runDir).token;
  const seen = (await readFile(path, "utf8").catch(() => "")).trim();
  if (seen !== plan.token || (expected !== undefined && expected !== seen)) {
    throw new SeraBenchError(
      `node ${hostname()} sees a different ${path} than the coordinator wrote: the run folder must be on a filesystem every node shares ` +
        "(the same path on another disk is not enough)",
    );
  }
}

/** Shard K of N: the instances at positions K, K+N, K+2N, ... of the plan's order. Pure. */
export function shardIds(ids: readonly string[], shard: number, shards: number): string[] {
  return ids.filter((_id, index) => index % shards === shard);
}

/** "K/N" with 0 <= K < N. */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index >= count) throw new SeraBenchError(`--shard ${JSON.stringify(text)}: expected K/N with 0 <= K < N, e.g. 0/4`);
  return { index, count };
}

/** JSON has no undefined values, so the optional fields are simply absent. */
export function planNaming(plan: PlanFile): ImageNaming {
  const { template, ...rest } = plan.eval.naming;
  return template === undefined ? rest : { ...rest, template };
}

export function planLimits(evalPlan: PlanFile["eval"]): ContainerLimits {
  return Object.fromEntries(Object.entries(evalPlan.limits).filter(([, value]) => value !== undefined)) as ContainerLimits;
}
