/**
 * Turns on the event loop for CPU-heavy pieces of concurrent work (e.g. an agent step's prompt count
 * and request): `await takeTurn()` resolves in an event-loop iteration of its own, one waiter per
 * iteration, in arrival order. Without it, rollouts whose answers arrive together run their steps
 * back to back in one iteration and timers, sockets and signals wait for all of them (the event loop
 * delay is the sum); with it, other callbacks run between any two of them.
 *
 * Why setImmediate: an immediate queued from inside an immediate callback runs in the next
 * iteration, after that iteration's timers and I/O; resolving one waiter per callback (its
 * continuation runs in that callback's microtasks) spreads the waiters over iterations.
 */

const waiting: (() => void)[] = [];
let pumping = false;

function pump(): void {
  const next = waiting.shift();
  if (next === undefined) {
    pumping = false;
    return;
  }
  next();
  setImmediate(pump);
}

export function takeTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}
