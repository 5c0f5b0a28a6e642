import type { Progress } from "./progress.ts";

/**
 * Ctrl-C and SIGTERM abort the returned signal instead of killing the process: the run stops taking
 * work, removes its containers, keeps what finished and writes its reports. `dispose` stops listening.
 */
export function abortOnInterrupt(progress: Pick<Progress, "note">): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    progress.note("interrupted: stopping; finished instances are kept, re-run the same command to resume");
    controller.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
