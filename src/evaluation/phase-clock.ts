import type { Phase, PhaseTimings } from "./outcome.ts";

/** Times named phases of one instance; a phase that runs twice adds up. */
export class PhaseClock {
  private readonly timings: Partial<Record<Phase, number>> = {};

  async time<T>(phase: Phase, action: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await action();
    } finally {
      this.timings[phase] = Math.round((this.timings[phase] ?? 0) + performance.now() - started);
    }
  }

  get result(): PhaseTimings {
    return { ...this.timings };
  }
}
