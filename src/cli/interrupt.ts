import type { Progress } from "./progress.ts";

/**
 * A repeat of the interrupt within this window is the same Ctrl-C arriving twice: a terminal signals
 * the whole process group, and a wrapper in it (`npm run`, `npx tsx`, srun) relays the signal again.
 */
const SAME_INTERRUPT_MS = 2_000;

/**
 * Ctrl-C and SIGTERM abort the returned signal instead of killing the process: the run stops taking
 * work, removes its containers, keeps what finished and writes its reports. The listeners stay until
 * `dispose`, so a relayed copy of the same signal cannot kill the process half-way through; a second
 * interrupt given later on purpose exits at once (130) and leaves the cleanup to the next run.
 */
export function abortOnInterrupt(progress: Pick<Progress, "note">): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let first: number | undefined;
  const onSignal = () => {
    if (first === undefined) {
      first = Date.now();
      progress.note("interrupted: stopping; finished instances are kept, re-run the same command to resume (interrupt again to exit at once)");
      controller.abort();
      return;
    }
    if (Date.now() - first < SAME_INTERRUPT_MS) return;
    progress.note("interrupted again: exiting now; re-run the same command to resume (it removes this run's leftover containers first)");
    process.exit(130);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
