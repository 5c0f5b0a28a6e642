import type { SandboxProcess } from "../../sandbox/types.ts";
import { BackslashReplaceDecoder } from "./decode.ts";

export type WaitResult = { readonly matched: string; readonly before: string } | { readonly matched: null; readonly before: null };

/**
 * The text a terminal process printed, searched like pexpect's `expect`: the first occurrence of
 * any of the patterns (plain strings) ends the wait; `before` is everything up to it, and the
 * text after it stays for the next wait. Invalid UTF-8 becomes `\xNN` (pexpect's backslashreplace).
 */
export class TerminalReader {
  private buffer = "";
  private readonly decoder = new BackslashReplaceDecoder();
  private wake: (() => void) | undefined;
  private ended = false;

  constructor(process: SandboxProcess) {
    process.onOutput((chunk) => this.push(this.decoder.decode(chunk)));
    void process.exited.then(() => {
      this.ended = true;
      this.wake?.();
    });
  }

  get exited(): boolean {
    return this.ended;
  }

  /**
   * Waits up to `timeoutMs` for a pattern. Before reporting a timeout it reads what is already
   * waiting in the connection: when the event loop was busy (another rollout's work, a starved
   * CPU), the expired timer runs before the loop polls for input, and text the shell printed in
   * time would otherwise count as missing (pexpect's select() would have seen it).
   */
  async waitFor(patterns: readonly string[], timeoutMs: number): Promise<WaitResult> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.search(patterns);
      if (found !== undefined) return found;
      if (this.ended) return { matched: null, before: null };
      const left = deadline - Date.now();
      if (left <= 0) {
        await this.readPending();
        return this.search(patterns) ?? { matched: null, before: null };
      }
      await this.sleepUntilData(left);
    }
  }

  /** Lets the event loop poll for input once more, so output that already arrived is in the buffer. */
  async readPending(): Promise<void> {
    // The first turn may start in the check phase, after this loop iteration's poll: take two.
    for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Everything received so far (and not yet consumed by a wait), consumed now. */
  takeAll(): string {
    const text = this.buffer;
    this.buffer = "";
    return text;
  }

  dropFirstChar(): void {
    this.buffer = this.buffer.slice(1);
  }

  private search(patterns: readonly string[]): WaitResult | undefined {
    let best: { index: number; pattern: string } | undefined;
    for (const pattern of patterns) {
      const index = this.buffer.indexOf(pattern);
      if (index >= 0 && (best === undefined || index < best.index)) best = { index, pattern };
    }
    if (best === undefined) return undefined;
    const before = this.buffer.slice(0, best.index);
    this.buffer = this.buffer.slice(best.index + best.pattern.length);
    return { matched: best.pattern, before };
  }

  private push(text: string): void {
    this.buffer += text;
    this.wake?.();
  }

  private sleepUntilData(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
