import { prepareContainer } from "../../evaluation/evaluate-instance.ts";
import type { EarlyContainer } from "../../evaluation/evaluate-instance.ts";
import type { InstanceJob } from "../../evaluation/instance-job.ts";
import type { EnginePool } from "../../sandbox/engine-pool.ts";
import { removeSandbox } from "../../sandbox/removals.ts";
import type { BackgroundRemovals } from "../../sandbox/removals.ts";
import type { ContainerLimits } from "../../sandbox/types.ts";

/**
 * An evaluation's container made ready (image, create, inputs copied) while it waits for its slot,
 * so that creating it is off the critical path: the slot goes straight to applying the patch.
 * Only on a pool of one engine (the container must be on the engine the slot gives), and at most
 * as many early containers as the pool has slots. `handOver()` when the slot is taken (the
 * evaluation then owns the container); `discard()` when it never was (a stop): removes it.
 */
export interface EarlyStart {
  readonly container: Promise<EarlyContainer | undefined>;
  handOver(): void;
  discard(): Promise<void>;
}

interface Gate {
  free: number;
  readonly waiting: ((granted: boolean) => void)[];
}

const gates = new WeakMap<EnginePool, Gate>();

export function earlyStart(
  pool: EnginePool, job: InstanceJob,
  ctx: { readonly runId: string; readonly labels: Readonly<Record<string, string>>; readonly limits: ContainerLimits; readonly removals?: BackgroundRemovals; readonly stopping: () => boolean },
): EarlyStart | undefined {
  const [engine, ...others] = pool.engines;
  if (engine === undefined || others.length > 0) return undefined;
  const gate = gateOf(pool);
  let holds = false;
  let done = false;
  let waiter: ((ok: boolean) => void) | undefined;
  const granted = new Promise<boolean>((resolve) => {
    const grant = (ok: boolean) => {
      holds = ok;
      resolve(ok);
    };
    if (gate.free > 0) {
      gate.free--;
      grant(true);
    } else {
      waiter = grant;
      gate.waiting.push(grant);
    }
  });
  /** Give the permit back (to the next waiting evaluation), or stop waiting for one. */
  const release = () => {
    done = true;
    if (holds) {
      holds = false;
      const next = gate.waiting.shift();
      if (next === undefined) gate.free++;
      else next(true);
      return;
    }
    const at = waiter === undefined ? -1 : gate.waiting.indexOf(waiter);
    if (at !== -1) gate.waiting.splice(at, 1)[0]?.(false);
  };
  const container = granted.then((ok) => {
    if (!ok) return undefined;
    if (done || ctx.stopping()) {
      release();
      return undefined;
    }
    return prepareContainer(job, { engine, ...ctx }).catch(() => undefined);
  });
  return {
    container,
    handOver: release,
    discard: async () => {
      release();
      const early = await container;
      if (early !== undefined) await removeSandbox(early.sandbox, ctx.removals).catch(() => undefined);
    },
  };
}

function gateOf(pool: EnginePool): Gate {
  let gate = gates.get(pool);
  if (gate === undefined) {
    gate = { free: pool.capacity, waiting: [] };
    gates.set(pool, gate);
  }
  return gate;
}

