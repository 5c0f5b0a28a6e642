import { setTimeout as sleep } from "node:timers/promises";
import type { Sandbox, SandboxProcess } from "../../sandbox/types.ts";
import type { HelperShell } from "../container/helper-shell.ts";
import { stripControlChars } from "./output.ts";
import { checkBashSyntax } from "./syntax.ts";
import { splitBashCommand } from "./split.ts";
import { TerminalReader } from "./terminal-reader.ts";
import { SeraBenchError } from "../../util/errors.ts";

export const PS1 = "SHELLPS1PREFIX";
const UNIQUE = "UNIQUESTRING29234";
const EXIT_START = "EXITCODESTART";
const EXIT_END = "EXITCODEEND";

export type BashRunResult =
  | { readonly kind: "output"; readonly output: string; readonly exitCode: number | null; readonly durationMs: number }
  | { readonly kind: "syntax_error"; readonly stdout: string; readonly stderr: string }
  | { readonly kind: "timeout"; readonly durationMs: number };

export interface BashSessionOptions {
  /** Files sourced at start (SWE-agent: /root/.bashrc). */
  readonly startupSource?: readonly string[];
  readonly startupTimeoutMs?: number;
  /** Where the session writes its pid (a directory that exists). */
  readonly pidFile: string;
}

export class BashSessionError extends SeraBenchError {
  override readonly name = "BashSessionError";
}

/**
 * One persistent interactive bash on a pseudo-terminal, driven like SWE-ReX's BashSession: PS1 is
 * a marker, echo is off, readline and job control are on; each command is checked with `bash -n`,
 * split into top-level commands joined with " ; " (or sent as is with an end marker when the
 * splitter gives up), and its output is everything before the next prompt.
 */
export class BashSession {
  private constructor(
    private readonly process: SandboxProcess,
    private readonly reader: TerminalReader,
    private readonly helper: HelperShell,
    readonly pid: number,
  ) {}

  static async start(sandbox: Sandbox, helper: HelperShell, options: BashSessionOptions): Promise<BashSession> {
    const boot = `stty -echo rows 24 cols 80; unset TERM; echo $$ > ${options.pidFile}; exec /usr/bin/env bash`;
    const process = await sandbox.spawn(["/bin/sh", "-c", boot], { tty: true, env: { PS1, PS2: "", PS0: "" } });
    const reader = new TerminalReader(process);
    // The pid file is written after `stty -echo`: once it exists, input is no longer echoed, so the
    // prompt we wait for below can only come from bash (on a loaded machine the shell may start late).
    const pid = Number((await helper.text(waitForFile(options.pidFile, options.startupTimeoutMs ?? 10_000), "reading the session pid")).trim());
    await sleep(100);
    reader.takeAll();
    const sources = (options.startupSource ?? []).map((path) => `source ${path}`);
    const startup = [...sources, ...(sources.length > 0 ? ["sleep 0.3"] : []), `export PS1='${PS1}'`, "export PS2=''", "export PS0=''"];
    // A marker printed after the startup commands: a prompt bash printed earlier cannot pass for "ready".
    const marker = `SERA_SESSION_READY_${Date.now().toString(36)}`;
    await process.write(`${[...startup, `echo ${marker}`].join(" ; ")}\n`);
    const started = await reader.waitFor([marker], options.startupTimeoutMs ?? 10_000);
    const ready = started.matched === null ? started : await reader.waitFor([PS1], options.startupTimeoutMs ?? 10_000);
    if (ready.matched === null) throw new BashSessionError(`the bash session did not start: no prompt within ${options.startupTimeoutMs ?? 10_000} ms`);
    return new BashSession(process, reader, helper, pid);
  }

  /** SWE-ReX BashSession.run with check="silent": output, and the exit code (not for the model). */
  async run(command: string, timeoutMs: number): Promise<BashRunResult> {
    const started = performance.now();
    const syntax = await checkBashSyntax(this.helper, command);
    if (!syntax.ok) return { kind: "syntax_error", stdout: syntax.stdout, stderr: syntax.stderr };
    const split = splitBashCommand(command);
    const fallback = split.kind === "unsupported";
    const line = fallback ? `${command}\n TMPEXITCODE=$? ; sleep 0.1; echo -n '${UNIQUE}' ; (exit $TMPEXITCODE)` : split.commands.join(" ; ");
    await this.process.write(`${line}\n`);
    const done = await this.reader.waitFor([fallback ? UNIQUE : PS1], timeoutMs);
    if (done.matched === null) return { kind: "timeout", durationMs: performance.now() - started };
    const { output, exitCode } = await this.readExitCode(stripControlChars(done.before));
    return { kind: "output", output, exitCode, durationMs: performance.now() - started };
  }

  private async readExitCode(output: string): Promise<{ output: string; exitCode: number | null }> {
    await this.process.write(`\necho ${EXIT_START}$?${EXIT_END}\n`);
    const raw = await this.reader.waitFor([EXIT_END], 1000);
    if (raw.matched === null) return { output, exitCode: null };
    const text = stripControlChars(raw.before);
    const codes = [...text.matchAll(new RegExp(`${EXIT_START}([0-9]+)`, "g"))];
    if (codes.length !== 1) return { output, exitCode: null };
    const full = output + (text.split(EXIT_START)[0] ?? "");
    const prompt = await this.reader.waitFor([PS1], 100);
    if (prompt.matched === null) return { output: full, exitCode: null };
    return { output: full.replaceAll(UNIQUE, "").replaceAll(PS1, ""), exitCode: Number(codes[0]?.[1]) };
  }

  /** SWE-ReX BashSession.interrupt: Ctrl-C up to 3 times, then Ctrl-Z and `kill -9 %1`. */
  async interrupt(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.process.write("\x03");
      if ((await this.reader.waitFor([PS1], 200)).matched !== null) return this.eatFollowingOutput();
      await sleep(200);
    }
    await this.process.write("\x1a");
    if ((await this.reader.waitFor([PS1], 200)).matched === null) throw new BashSessionError("Failed to interrupt session");
    await this.process.write("kill -9 %1\n");
    if ((await this.reader.waitFor([PS1], 200)).matched === null) throw new BashSessionError("Failed to interrupt session");
    await this.eatFollowingOutput();
  }

  /** pexpect's read_nonblocking after 0.5 s reads a single character; the rest stays buffered. */
  private async eatFollowingOutput(): Promise<void> {
    await sleep(500);
    await this.reader.readPending();
    this.reader.dropFirstChar();
  }

  get alive(): boolean {
    return !this.reader.exited;
  }

  close(): void {
    this.process.kill();
  }
}

/** A shell script that waits (polling every 20 ms) for a non-empty file, then prints it. */
function waitForFile(path: string, timeoutMs: number): string {
  const tries = Math.ceil(timeoutMs / 20);
  return `i=0; while [ ! -s ${path} ] && [ $i -lt ${tries} ]; do sleep 0.02; i=$((i+1)); done; cat ${path}`;
}
