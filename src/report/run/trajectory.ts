import { join } from "node:path";
import { trajectorySchema, type TrajectoryView } from "../../run/files/schemas.ts";
import { withStepLog } from "../../agent/trajectory-log.ts";
import { readOptionalJson } from "./read-json.ts";

export function trajectoryPath(runDir: string, instanceId: string): string {
  return join(runDir, "trajs", `${instanceId}.traj.json`);
}

/** The full trajectory (for the HTML view; a rollout that did not finish with its step log); undefined when the file does not exist. */
export async function readTrajectory(runDir: string, instanceId: string): Promise<TrajectoryView | undefined> {
  const path = trajectoryPath(runDir, instanceId);
  const traj = await readOptionalJson(path, "a trajectory", trajectorySchema);
  return traj === undefined ? undefined : withStepLog(path, traj);
}

export type TrajectorySummary = ReturnType<typeof summarizeTrajectory>;

export function summarizeTrajectory(path: string, traj: TrajectoryView) {
  const stats = traj.info?.model_stats;
  return {
    path,
    exitStatus: traj.info?.exit_status ?? undefined,
    promptTokens: stats?.prompt_tokens,
    completionTokens: stats?.completion_tokens,
    // Steps are model calls (the trajectory's `steps` also lists tool calls, retries and re-queries).
    steps: stats?.api_calls ?? traj.steps?.length,
    wallTimeS: traj.wall_time_s,
    /** Commands that tried to reach past base_commit (the leak scan's kinds, in order). */
    leakAttempts: (traj.info?.leak_attempts ?? []).map((attempt) => attempt.kind),
    /** The agent config the rollout recorded (its sha256 and "published" / "custom"); undefined in trajectories made elsewhere. */
    agentConfig: traj.agent_config === undefined ? undefined : { sha256: traj.agent_config.sha256, protocol: traj.agent_config.protocol },
  };
}
