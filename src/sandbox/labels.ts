import type { ContainerLimits, SandboxSpec } from "./types.ts";
import { hostname } from "node:os";

/** Labels on every container sera-bench creates, so leftovers can be found and removed. */
export const LABEL_APP = "sera-bench";
export const LABEL_RUN_ID = "sera-bench.run-id";
export const LABEL_ROLE = "sera-bench.role";
export const LABEL_OWNER = "sera-bench.owner";

/** The owner label of this process's containers: `host:pid`. */
export function ownerLabel(): string {
  return `${hostname()}:${process.pid}`;
}

export function runLabels(runId: string, role: "eval" | "agent"): Record<string, string> {
  return { [LABEL_APP]: "1", [LABEL_RUN_ID]: runId, [LABEL_ROLE]: role, [LABEL_OWNER]: ownerLabel() };
}

/**
 * The one way sera-bench names and labels a container of an instance: role, instance, run and a
 * random suffix (two attempts never collide), root in `workdir`, with the run's limits.
 */
export function instanceContainerSpec(input: {
  readonly role: "eval" | "agent";
  readonly instanceId: string;
  readonly runId: string;
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly workdir: string;
  readonly limits: ContainerLimits;
}): SandboxSpec {
  const suffix = Math.random().toString(36).slice(2, 8);
  return {
    image: input.image,
    name: `sera-bench.${input.role}.${input.instanceId.toLowerCase()}.${input.runId}.${suffix}`,
    labels: { ...input.labels, "sera-bench.instance-id": input.instanceId },
    user: "root",
    workdir: input.workdir,
    ...input.limits,
  };
}
