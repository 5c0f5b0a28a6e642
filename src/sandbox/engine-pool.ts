import type { SandboxEngine } from "./types.ts";
import { SeraBenchError } from "../util/errors.ts";

/** One container engine and how many instances may run on it at once. */
export interface PoolHost<E extends SandboxEngine = SandboxEngine> {
  readonly engine: E;
  readonly slots: number;
}

interface HostState<E extends SandboxEngine> {
  readonly host: PoolHost<E>;
  busy: number;
  served: number;
}

/**
 * Several engines (Docker daemons, Podman services) with a worker count each. A job leases one
 * engine for its whole life, so the image it pulls and the container it creates are on the same
 * host. A lease goes to the host with the most free slots (ties: the one that served fewest), and
 * waits when every slot is busy.
 */
export class EnginePool<E extends SandboxEngine = SandboxEngine> {
  private readonly states: HostState<E>[];
  private readonly waiting: (() => void)[] = [];

  constructor(hosts: readonly PoolHost<E>[]) {
    if (hosts.length === 0) throw new SeraBenchError("an engine pool needs at least one engine");
    for (const host of hosts) {
      if (!Number.isInteger(host.slots) || host.slots < 1) throw new SeraBenchError(`engine ${host.engine.describe}: expected a worker count >= 1, got ${host.slots}`);
    }
    this.states = hosts.map((host) => ({ host, busy: 0, served: 0 }));
  }

  get engines(): E[] {
    return this.states.map((state) => state.host.engine);
  }

  /** Total slots: how many jobs the pool runs at once. */
  get capacity(): number {
    return this.states.reduce((sum, state) => sum + state.host.slots, 0);
  }

  /** Jobs each engine has run so far, by its address. */
  get served(): Record<string, number> {
    return Object.fromEntries(this.states.map((state) => [state.host.engine.describe, state.served]));
  }

  async lease<T>(job: (engine: E) => Promise<T>): Promise<T> {
    const state = await this.acquire();
    try {
      return await job(state.host.engine);
    } finally {
      state.busy--;
      this.waiting.shift()?.();
    }
  }

  private async acquire(): Promise<HostState<E>> {
    for (;;) {
      const free = this.states
        .filter((state) => state.busy < state.host.slots)
        .sort((a, b) => b.host.slots - b.busy - (a.host.slots - a.busy) || a.served - b.served);
      const chosen = free[0];
      if (chosen !== undefined) {
        chosen.busy++;
        chosen.served++;
        return chosen;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }
}

/** `ADDRESS` or `ADDRESS=N` (N workers on that host; default `defaultSlots`). */
export function parseHostSpec(spec: string, defaultSlots: number): { address: string; slots: number } {
  const match = /^(.*)=(\d+)$/.exec(spec.trim());
  const address = (match?.[1] ?? spec).trim();
  const slots = match === null ? defaultSlots : Number(match[2]);
  if (address === "") throw new SeraBenchError(`--docker-host ${JSON.stringify(spec)}: expected ADDRESS or ADDRESS=WORKERS`);
  if (!Number.isInteger(slots) || slots < 1) throw new SeraBenchError(`--docker-host ${JSON.stringify(spec)}: expected a worker count >= 1 after '='`);
  return { address, slots };
}
