/**
 * Which protocol a run folder's predictions were made under: run.json's `protocol` record (or
 * `options.protocol.identity`); for runs older than it, run.json's `options.protocol` (published /
 * custom) with the config's sha256, else
 * what the trajectories recorded; else unknown (an `eval` of predictions made elsewhere).
 */
import { identityFromRecord } from "../../protocol/identity-of.ts";
import { UNKNOWN_PROTOCOL, type ProtocolIdentity } from "../../protocol/identity.ts";
import type { RunMeta } from "../../run/files/schemas.ts";
import type { RunInstance } from "./types.ts";

export const FROM_RUN_JSON = "read from run.json's options.protocol (a run older than the protocol record)";
export const FROM_TRAJECTORIES = "read from the trajectories' agent_config (no protocol record in run.json)";

export function runProtocol(meta: RunMeta | undefined, instances: readonly Pick<RunInstance, "trajectory">[]): ProtocolIdentity {
  if (meta?.protocol !== undefined) return meta.protocol;
  const options = meta?.options;
  if (options?.protocol?.identity !== undefined) return options.protocol.identity;
  if (options?.protocol !== undefined) {
    return identityFromRecord({ status: options.protocol.status, sha256: options.agent_config?.sha256, differs: options.protocol.differs }, FROM_RUN_JSON);
  }
  return fromTrajectories(instances);
}

/** One agent config across the trajectories that record one; several (or none) -> unknown, saying why. */
function fromTrajectories(instances: readonly Pick<RunInstance, "trajectory">[]): ProtocolIdentity {
  const configs = instances.flatMap((i) => (i.trajectory?.agentConfig === undefined ? [] : [i.trajectory.agentConfig]));
  const distinct = new Map(configs.map((c) => [`${c.protocol ?? ""} ${c.sha256 ?? ""}`, c]));
  if (distinct.size > 1) return { ...UNKNOWN_PROTOCOL, source: `the trajectories record ${distinct.size} different agent configs` };
  const only = [...distinct.values()][0];
  if (only === undefined) return UNKNOWN_PROTOCOL;
  return identityFromRecord({ status: only.protocol, sha256: only.sha256 }, FROM_TRAJECTORIES);
}
