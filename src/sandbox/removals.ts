import type { Sandbox } from "./types.ts";

/**
 * Containers removed off the critical path: `add` returns at once, so the slot a finished
 * evaluation or rollout held goes to the next instance while its container is removed; at most
 * `limit` removals run at once (the engine serves creates too). `settled()` resolves once every
 * removal added so far has ended: a run awaits it before it returns. A removal that fails (or a
 * process killed before it ran) leaves a container with the run's labels and this process as
 * owner; the next run's sweep or `sera-bench cleanup` removes it once this process is gone.
 */
export class BackgroundRemovals {
  readonly #limit: number;
  readonly #queue: Sandbox[] = [];
  readonly #waiters: (() => void)[] = [];
  #active = 0;
  /** Containers whose removal failed, with the reason. */
  readonly failures: string[] = [];

  constructor(limit = 4) {
    this.#limit = limit;
  }

  /** How many removals are queued or running. */
  get pending(): number {
    return this.#queue.length + this.#active;
  }

  add(sandbox: Sandbox): void {
    this.#queue.push(sandbox);
    this.#pump();
  }

  settled(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #pump(): void {
    while (this.#active < this.#limit) {
      const sandbox = this.#queue.shift();
      if (sandbox === undefined) break;
      this.#active++;
      void sandbox.remove()
        .catch((error: unknown) => void this.failures.push(`${sandbox.name}: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.#active--;
          this.#pump();
          if (this.pending === 0) this.#waiters.splice(0).forEach((resolve) => resolve());
        });
    }
  }
}

/** Remove now (and wait), or hand the container to the background removals when there are any. */
export async function removeSandbox(sandbox: Sandbox, removals: BackgroundRemovals | undefined): Promise<void> {
  if (removals === undefined) await sandbox.remove();
  else removals.add(sandbox);
}
