/**
 * A process that contends for run locks on command (test/run-lock.test.ts): reads lines from stdin,
 * `acquire PATH` prints `won` or `lost`, `release` releases what it won, `exit` ends.
 */
import { createInterface } from "node:readline";
import { acquireRunLock } from "../../src/run/lock.ts";

let held: { release(): Promise<void> } | undefined;
process.stdout.write("ready\n");
for await (const line of createInterface({ input: process.stdin })) {
  const [command, path] = line.split(" ");
  if (command === "acquire") {
    try {
      held = await acquireRunLock(path!, "contended");
      process.stdout.write("won\n");
    } catch (error) {
      process.stdout.write(/already in progress/.test(String(error)) ? "lost\n" : `failed ${String(error)}\n`);
    }
  } else if (command === "release") {
    await held?.release();
    held = undefined;
    process.stdout.write("released\n");
  } else break;
}
