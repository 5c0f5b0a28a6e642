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
/** Around the fresh id of a synchronisation marker (`SERASYNC<id>SERASYNC`). */
const SYNC = "SERASYNC";
/** How long a synchronisation marker may take to come back by default (a loaded machine can be seconds late). */
const SYNC_TIMEOUT_MS = 30_000;

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
  /** How long a synchronisation marker may take to come back (default 30 s). */
  readonly syncTimeoutMs?: number;
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
  /** Set when an earlier exchange may have left a reply unread: the next command synchronises first. */
  private unsure = false;
  private syncs = 0;

  private constructor(
    private readonly process: SandboxProcess,
    private readonly reader: TerminalReader,
    private readonly helper: HelperShell,
    readonly pid: number,
    private readonly syncTimeoutMs: number,
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
    return new BashSession(process, reader, helper, pid, options.syncTimeoutMs ?? SYNC_TIMEOUT_MS);
  }

  /** SWE-ReX BashSession.run with check="silent": output, and the exit code (not for the model). */
  async run(command: string, timeoutMs: number): Promise<BashRunResult> {
    const started = performance.now();
    const syntax = await checkBashSyntax(this.helper, command);
    if (!syntax.ok) return { kind: "syntax_error", stdout: syntax.stdout, stderr: syntax.stderr };
    // Out of step since an earlier command: the shell answers a marker before this command runs,
    // given as long as the command itself would be (never less than a marker's usual wait).
    const syncWithin = Math.max(timeoutMs, this.syncTimeoutMs);
    if (this.unsure && (await this.synchronise(syncWithin)) === null) {
      throw new BashSessionError(`the bash session is out of step: it did not answer a synchronisation marker within ${syncWithin} ms`);
    }
    const split = splitBashCommand(command);
    const fallback = split.kind === "unsupported";
    const line = fallback ? `${command}\n TMPEXITCODE=$? ; sleep 0.1; echo -n '${UNIQUE}' ; (exit $TMPEXITCODE)` : split.commands.join(" ; ");
    await this.process.write(`${line}\n`);
    const done = await this.reader.waitFor([fallback ? UNIQUE : PS1], timeoutMs);
    if (done.matched === null) return { kind: "timeout", durationMs: performance.now() - started };
    const { output, exitCode } = await this.readExitCode(stripControlChars(done.before));
    return { kind: "output", output, exitCode, durationMs: performance.now() - started };
  }

  /**
   * SWE-ReX's exit-code exchange: `echo EXITCODESTART$?EXITCODEEND`, up to 1 s for its reply and
   * 0.1 s for the prompt after it. When every wait is met the result is SWE-ReX's. When one is not
   * (a loaded machine, a slow connection), SWE-ReX gives up and leaves the late reply for the next
   * command to read as its own; here the session reads on up to a fresh marker instead (see
   * `synchronise`), takes the exit code from the late reply, and the next command starts in step.
   */
  private async readExitCode(output: string): Promise<{ output: string; exitCode: number | null }> {
    await this.process.write(`\necho ${EXIT_START}$?${EXIT_END}\n`);
    const raw = await this.reader.waitFor([EXIT_END], 1000);
    const reply = raw.matched === null ? null : stripControlChars(raw.before);
    const exitCode = reply === null ? null : exitCodeIn(reply + EXIT_END);
    if (reply !== null && exitCode !== null) {
      const full = output + textBeforeExitCode(reply);
      const prompt = await this.reader.waitFor([PS1], 100);
      // Divergence: SWE-ReX returns `full` uncleaned, without the exit code, and its next command reads this prompt.
      if (prompt.matched === null) await this.synchronise();
      return { output: withoutMarkers(full), exitCode };
    }
    // Divergence: SWE-ReX returns `output` without an exit code, and its next command reads the late reply.
    const late = await this.synchronise();
    if (late === null) return { output: withoutMarkers(output), exitCode: null };
    const text = (reply === null ? "" : reply + EXIT_END) + stripControlChars(late);
    const recovered = exitCodeIn(text);
    return { output: withoutMarkers(recovered === null ? output : output + textBeforeExitCode(text)), exitCode: recovered };
  }

  /**
   * Brings the session back in step: prints a marker never used before (its command line does not
   * contain it, so an echoing terminal cannot fake it) and reads up to it and the prompt after it.
   * Returns what came before the marker (late replies, extra prompts), or null when the shell did
   * not answer in time; the session then stays unsure and the next command synchronises first.
   */
  private async synchronise(timeoutMs = this.syncTimeoutMs): Promise<string | null> {
    const id = `${Date.now().toString(36)}x${++this.syncs}`;
    this.unsure = true;
    await this.process.write(`printf '${SYNC}%s${SYNC}\\n' ${id}\n`);
    const marker = await this.reader.waitFor([`${SYNC}${id}${SYNC}`], timeoutMs);
    if (marker.matched === null) return null;
    const prompt = await this.reader.waitFor([PS1], timeoutMs);
    if (prompt.matched === null) return null;
    this.unsure = false;
    return marker.before;
  }

  /** SWE-ReX BashSession.interrupt: Ctrl-C up to 3 times, then Ctrl-Z and `kill -9 %1`. */
  async interrupt(): Promise<void> {
    // Prompts of a late answer to one Ctrl-C may follow the next; the next command (the state
    // commands, whose output the model never sees) synchronises first.
    this.unsure = true;
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

/** SWE-ReX's parse: exactly one `EXITCODESTART<digits>` before the first EXITCODEEND, else none. */
function exitCodeIn(text: string): number | null {
  const end = text.indexOf(EXIT_END);
  if (end < 0) return null;
  const codes = [...text.slice(0, end).matchAll(new RegExp(`${EXIT_START}([0-9]+)`, "g"))];
  return codes.length === 1 ? Number(codes[0]?.[1]) : null;
}

/** What the shell printed after the command's prompt and before the exit code (SWE-ReX adds it to the output). */
function textBeforeExitCode(text: string): string {
  return text.split(EXIT_START)[0] ?? "";
}

function withoutMarkers(text: string): string {
  return text.replaceAll(UNIQUE, "").replaceAll(PS1, "");
}

/** A shell script that waits (polling every 20 ms) for a non-empty file, then prints it. */
function waitForFile(path: string, timeoutMs: number): string {
  const tries = Math.ceil(timeoutMs / 20);
  return `i=0; while [ ! -s ${path} ] && [ $i -lt ${tries} ]; do sleep 0.02; i=$((i+1)); done; cat ${path}`;
}
