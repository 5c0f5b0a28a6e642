import { agentJobKind } from "./agent-job.ts";
import { evalJobKind } from "./eval-job.ts";
import type { JobKind } from "./job-kind.ts";
import { SeraBenchError } from "../../util/errors.ts";

/** Job kinds a worker can run, by the `kind` in plan.json: `eval`, and `agent` (infer/run). */
export const JOB_KINDS: Readonly<Record<string, JobKind>> = { eval: evalJobKind, agent: agentJobKind };

export function jobKindFor(kind: string): JobKind {
  const found = JOB_KINDS[kind];
  if (found === undefined) throw new SeraBenchError(`plan.json: unknown job kind ${JSON.stringify(kind)}; this sera-bench knows: ${Object.keys(JOB_KINDS).join(", ")}`);
  return found;
}
