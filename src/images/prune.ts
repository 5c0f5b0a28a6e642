import type Docker from "dockerode";
import { footprint } from "./inventory.ts";
import type { ImageEntry } from "./inventory.ts";

export interface PrunePlan {
  readonly remove: readonly ImageEntry[];
  readonly before: number;
  readonly after: number;
  /** Still over budget after removing every image allowed (the rest are in use or protected). */
  readonly overBudget: boolean;
}

/**
 * Least recently used first (never used: oldest first); never an image a container uses; with
 * `onlyRefs`, only images with one of these references (the image budget: instances already evaluated). Pure.
 */
export function planPrune(entries: readonly ImageEntry[], budgetBytes: number, rules: { readonly onlyRefs?: ReadonlySet<string> } = {}): PrunePlan {
  const before = footprint(entries);
  const allowed = (entry: ImageEntry) => entry.containers === 0 && (rules.onlyRefs === undefined || entry.refs.some((ref) => rules.onlyRefs?.has(ref)));
  const order = entries.filter(allowed).sort((a, b) => lastTouch(a) - lastTouch(b));
  const kept = new Set(entries);
  const remove: ImageEntry[] = [];
  for (const entry of order) {
    if (footprint([...kept]) <= budgetBytes) break;
    kept.delete(entry);
    remove.push(entry);
  }
  const after = footprint([...kept]);
  return { remove, before, after, overBudget: after > budgetBytes };
}

function lastTouch(entry: ImageEntry): number {
  return (entry.lastUsed ?? entry.created).getTime();
}

/** Remove the planned images by reference (untag, then delete when no tag is left); returns the removed refs. */
export async function applyPrune(docker: Docker, plan: PrunePlan, onError: (line: string) => void): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of plan.remove) {
    for (const ref of entry.refs) {
      try {
        await docker.getImage(ref).remove({ noprune: false });
        removed.push(ref);
      } catch (error) {
        onError(`could not remove image ${ref}: ${String(error)}`);
      }
    }
  }
  return removed;
}
