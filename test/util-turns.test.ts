/**
 * takeTurn (src/util/turns.ts): concurrent rollouts whose answers arrive together take turns for
 * their CPU-heavy part, one per event-loop iteration, so timers and I/O run between them (the event
 * loop delay is one step's work, not the sum). Checked without clocks: a ticker that advances once
 * per iteration sees every waiter in an iteration of its own, in arrival order.
 */
import { describe, expect, it } from "vitest";
import { takeTurn } from "../src/util/turns.ts";

/** Counts event-loop iterations (an immediate queued from an immediate runs in the next one). */
function iterationTicker() {
  let iteration = 0;
  let running = true;
  const tick = () => {
    iteration++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return { now: () => iteration, stop: () => void (running = false) };
}

describe("takeTurn", () => {
  it("releases concurrent waiters one per event-loop iteration, in arrival order", async () => {
    const ticker = iterationTicker();
    const seen: { who: number; iteration: number }[] = [];
    await Promise.all(Array.from({ length: 8 }, (_, who) => takeTurn().then(() => void seen.push({ who, iteration: ticker.now() }))));
    ticker.stop();
    expect(seen.map((s) => s.who)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const iterations = seen.map((s) => s.iteration);
    expect(new Set(iterations).size).toBe(8);
    expect(iterations).toEqual([...iterations].sort((a, b) => a - b));
  });

  it("a timer that is due runs between two turns", async () => {
    let timerRan = false;
    const order: string[] = [];
    const first = takeTurn().then(() => {
      order.push("first");
      setTimeout(() => {
        timerRan = true;
        order.push("timer");
      }, 0);
      const until = Date.now() + 5; // let the timer fall due before the next turn
      while (Date.now() < until);
    });
    const second = takeTurn().then(() => void order.push(timerRan ? "second after timer" : "second"));
    await Promise.all([first, second]);
    expect(order).toEqual(["first", "timer", "second after timer"]);
  });
});
