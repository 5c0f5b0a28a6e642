import { dirname, join } from "node:path";
import type { MiniAgentConfig } from "../../protocol/schema.ts";
import { writeJsonAtomic } from "../../util/fs-atomic.ts";
import type { Agent } from "../types.ts";
import type { TokenPrice } from "./cost.ts";
import { runMiniLoop } from "./loop.ts";
import type { MiniMessage } from "./loop.ts";

export interface MiniAgentSettings {
  /** USD per million tokens, for mini's cost limit (undefined: cost 0, only the step limit binds, as for a self-hosted model in mini). */
  readonly price?: TokenPrice;
}

/** The folder beside `trajs/<id>.traj.json` that holds mini's own record of each instance. */
export const MINI_TRAJ_DIR = "mini-swe-agent";

/** `trajs/mini-swe-agent/<id>.traj.json` for `trajs/<id>.traj.json`. */
export function miniTrajectoryPath(trajectoryPath: string): string {
  return join(dirname(trajectoryPath), MINI_TRAJ_DIR, trajectoryPath.split(/[\\/]/).at(-1) ?? "traj.json");
}

/**
 * mini-swe-agent's protocol: its own loop (loop.ts) running bash in the instance container. No
 * tools to install, and no autosubmission: the patch is what the model submitted, else empty.
 * Besides our trajectory it saves mini's own `<id>.traj.json` (its messages, as mini's tests record them).
 */
export function miniAgent(config: MiniAgentConfig, settings: MiniAgentSettings = {}): Agent {
  return {
    kind: "mini-swe-agent",
    start(input) {
      const record: MiniMessage[] = [];
      const save = () => writeJsonAtomic(miniTrajectoryPath(input.trajectoryPath), record, 2);
      return Promise.resolve({
        async run() {
          try {
            return await runMiniLoop({ ...input, protocol: config.mini, price: settings.price, record });
          } finally {
            await save();
          }
        },
        diff: () => Promise.resolve(""),
        describeEnvironment: () => ({ protocol: `mini-swe-agent@${config.mini.tag}`, interpreter: config.mini.environment.interpreter, cwd: config.mini.environment.cwd }),
        close: () => undefined,
      });
    },
  };
}
