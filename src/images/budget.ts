import { DockerEngine } from "../sandbox/docker/engine.ts";
import type { SandboxEngine } from "../sandbox/types.ts";
import { formatBytes, listImages } from "./inventory.ts";
import { applyPrune, planPrune } from "./prune.ts";

const checking = new WeakSet<SandboxEngine>();

/**
 * `--image-budget`: after an instance, when the instance images on this engine take more than the
 * budget, remove images of instances already evaluated (least recently used first; none a
 * container uses). One check at a time per engine; a check already running makes this a no-op.
 */
export async function enforceImageBudget(
  engine: SandboxEngine,
  budgetBytes: number,
  evaluated: ReadonlySet<string>,
  notice: (line: string) => void,
): Promise<void> {
  if (!(engine instanceof DockerEngine) || checking.has(engine)) return;
  checking.add(engine);
  try {
    const entries = await listImages(engine.docker, engine.describe);
    const plan = planPrune(entries, budgetBytes, { onlyRefs: evaluated });
    if (plan.remove.length === 0) return;
    const removed = await applyPrune(engine.docker, plan, notice);
    notice(`image budget ${formatBytes(budgetBytes)} on ${engine.describe}: removed ${removed.length} evaluated image(s), ${formatBytes(plan.before)} -> ${formatBytes(plan.after)}`);
  } catch (error) {
    notice(`image budget check on ${engine.describe} failed (the run goes on): ${String(error)}`);
  } finally {
    checking.delete(engine);
  }
}
