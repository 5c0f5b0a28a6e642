import { hostname } from "node:os";

/** Labels on every container sera-bench creates, so leftovers can be found and removed. */
export const LABEL_APP = "sera-bench";
export const LABEL_RUN_ID = "sera-bench.run-id";
export const LABEL_ROLE = "sera-bench.role";
export const LABEL_OWNER = "sera-bench.owner";

export function runLabels(runId: string, role: "eval" | "agent"): Record<string, string> {
  return { [LABEL_APP]: "1", [LABEL_RUN_ID]: runId, [LABEL_ROLE]: role, [LABEL_OWNER]: `${hostname()}:${process.pid}` };
}
