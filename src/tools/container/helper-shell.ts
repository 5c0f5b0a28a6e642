import { randomBytes } from "node:crypto";
import { SandboxError } from "../../sandbox/types.ts";
import type { Sandbox, SandboxProcess } from "../../sandbox/types.ts";

export interface ScriptResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly exitCode: number;
}

/** Runs a shell function per request: the script is base64 (any bytes survive), stdin is closed. */
const PRELUDE = `__sera_run() { ( eval "$(printf '%s' "$2" | base64 -d)" ) </dev/null; __sera_rc=$?; printf '\\036SERA-END %s %s\\036' "$1" "$__sera_rc"; printf '\\036SERA-END %s\\036' "$1" >&2; }\n`;

interface Pending {
  readonly id: string;
  readonly stdout: Buffer[];
  readonly stderr: Buffer[];
  readonly resolve: (result: ScriptResult) => void;
}

/**
 * One long-lived non-interactive bash in the container (root, cwd /) that runs small scripts for
 * the tools: file reads and writes, `bash -n`, `find`, git. Much faster than one docker exec per
 * operation (~1 ms instead of ~30 ms). Requests run one at a time, in order.
 */
export class HelperShell {
  private queue: Promise<unknown> = Promise.resolve();
  private current: Pending | undefined;

  private constructor(private readonly process: SandboxProcess) {
    process.onOutput((chunk, stream) => this.collect(chunk, stream));
  }

  static async start(sandbox: Sandbox): Promise<HelperShell> {
    const process = await sandbox.spawn(["/bin/bash"], { user: "root", workdir: "/", env: { LANG: "C.UTF-8", LC_ALL: "C.UTF-8" } });
    await process.write(PRELUDE);
    return new HelperShell(process);
  }

  run(script: string): Promise<ScriptResult> {
    const next = this.queue.then(() => this.runNow(script));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Runs the script and returns its stdout as text; throws with stderr when it fails. */
  async text(script: string, what: string): Promise<string> {
    const result = await this.run(script);
    if (result.exitCode !== 0) throw new SandboxError(`${what} failed (exit ${result.exitCode}): ${result.stderr.toString("utf8").trim()}`);
    return result.stdout.toString("utf8");
  }

  close(): void {
    this.process.kill();
  }

  private async runNow(script: string): Promise<ScriptResult> {
    const id = randomBytes(8).toString("hex");
    const done = new Promise<ScriptResult>((resolve) => (this.current = { id, stdout: [], stderr: [], resolve }));
    const exited = this.process.exited.then(() => {
      throw new SandboxError("the helper shell in the container exited (is the container gone?)");
    });
    // Raced below; when the script finishes first (or the write fails) this must not go unhandled.
    exited.catch(() => undefined);
    await this.process.write(`__sera_run ${id} ${Buffer.from(script, "utf8").toString("base64")}\n`);
    return Promise.race([done, exited]);
  }

  private collect(chunk: Buffer, stream: "stdout" | "stderr"): void {
    const pending = this.current;
    if (pending === undefined) return;
    (stream === "stdout" ? pending.stdout : pending.stderr).push(chunk);
    this.finishIfComplete(pending);
  }

  private finishIfComplete(pending: Pending): void {
    const errMarker = `\x1eSERA-END ${pending.id}\x1e`;
    const outTail = tailOf(pending.stdout, 64);
    const outMarker = new RegExp(`\\x1eSERA-END ${pending.id} (\\d+)\\x1e$`).exec(outTail);
    if (outMarker === null || !tailOf(pending.stderr, errMarker.length).endsWith(errMarker)) return;
    this.current = undefined;
    const stdout = Buffer.concat(pending.stdout);
    const stderr = Buffer.concat(pending.stderr);
    pending.resolve({
      stdout: stdout.subarray(0, stdout.length - (outTail.length - outMarker.index)),
      stderr: stderr.subarray(0, stderr.length - errMarker.length),
      exitCode: Number(outMarker[1]),
    });
  }
}

function tailOf(chunks: readonly Buffer[], bytes: number): string {
  const parts: Buffer[] = [];
  let length = 0;
  for (let i = chunks.length - 1; i >= 0 && length < bytes; i--) {
    const chunk = chunks[i] ?? Buffer.alloc(0);
    parts.unshift(chunk);
    length += chunk.length;
  }
  const joined = Buffer.concat(parts);
  return joined.subarray(Math.max(0, joined.length - bytes)).toString("latin1");
}

/** Single-quote a string for the shell (like Python's shlex.quote, but always quoting). */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'"'"'`)}'`;
}
