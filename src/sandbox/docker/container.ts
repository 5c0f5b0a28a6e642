import { setTimeout as sleep } from "node:timers/promises";
import { randomUUID } from "node:crypto";
import type Docker from "dockerode";
import type { Duplex, Readable } from "node:stream";
import { CappedOutput, DEFAULT_MAX_OUTPUT_BYTES } from "../output-buffer.ts";
import { SandboxError } from "../types.ts";
import type { CommandOptions, ExecOptions, ExecResult, FileToCopy, Sandbox, SandboxProcess, SandboxState, SpawnOptions } from "../types.ts";
import { readMultiplexed } from "./demux.ts";
import { firstFileOf, packFiles } from "./tar.ts";
import { isNotFound } from "./errors.ts";
import { DockerProcess } from "./process.ts";
import { optional } from "../../util/optional.ts";
import { timedOperation } from "./op-timing.ts";

/** Grace between the TERM and the KILL of a timed-out command's process group. */
const KILL_GRACE_SECONDS = 2;
/** How long to wait for the output stream to close after the kill before giving up on it. */
const STREAM_CLOSE_GRACE_MS = 10_000;

/**
 * The command runs as the leader of a new session (setsid, so its pid is its process group id), and
 * that id is written to a file, so that a timeout can kill the command and all its children from a
 * second exec. A background child of sh is not a group leader, so setsid does not fork.
 */
function wrapForKill(command: readonly string[], pidFile: string): string[] {
  const script = `setsid "$@" & echo $! > ${pidFile}; wait $!; code=$?; rm -f ${pidFile}; exit $code`;
  return ["/bin/sh", "-c", script, "sera-exec", ...command];
}

export class DockerSandbox implements Sandbox {
  constructor(
    private readonly container: Docker.Container,
    readonly id: string,
    readonly name: string,
  ) {}

  async exec(command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const started = Date.now();
    const pidFile = `/tmp/.sera-exec-${randomUUID().slice(0, 12)}.pid`;
    const cmd = options.timeoutMs === undefined ? command : wrapForKill(command, pidFile);
    const { exec, stream } = await this.start(cmd, options, { stdin: false, tty: false });
    const output = new CappedOutput(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
    const done = readMultiplexed(stream, (chunk) => output.push(chunk));
    let atTimeout: string | undefined;
    const timedOut = await this.waitOrKill(done, stream, options.timeoutMs, pidFile, () => (atTimeout = output.text()));
    const exitCode = timedOut ? null : ((await this.guard("exec inspect", () => exec.inspect())).ExitCode ?? null);
    return { exitCode, output: output.text(), timedOut, truncated: output.truncated, durationMs: Date.now() - started, ...optional("outputAtTimeout", atTimeout) };
  }

  async spawn(command: readonly string[], options: SpawnOptions = {}): Promise<SandboxProcess> {
    const tty = options.tty ?? false;
    const { exec, stream } = await this.start(command, options, { stdin: true, tty });
    const process = new DockerProcess(exec, stream, tty, this.name);
    if (tty && options.size !== undefined) await process.resize(options.size);
    return process;
  }

  /** Creates and starts a docker exec with its output attached (and its stdin, for spawn). */
  private async start(command: readonly string[], options: CommandOptions, attach: { stdin: boolean; tty: boolean }): Promise<{ exec: Docker.Exec; stream: Duplex }> {
    const exec = await this.guard("exec", () =>
      this.container.exec({
        Cmd: [...command],
        AttachStdin: attach.stdin,
        AttachStdout: true,
        AttachStderr: true,
        Tty: attach.tty,
        ...optional("WorkingDir", options.workdir),
        ...optional("User", options.user),
        ...(options.env === undefined ? {} : { Env: Object.entries(options.env).map(([k, v]) => `${k}=${v}`) }),
      }),
    );
    const stream = await this.guard("exec start", () => exec.start({ hijack: true, stdin: attach.stdin, Tty: attach.tty }));
    return { exec, stream: stream as unknown as Duplex };
  }

  private async waitOrKill(done: Promise<void>, stream: Readable, timeoutMs: number | undefined, pidFile: string, onExpired: () => void): Promise<boolean> {
    if (timeoutMs === undefined) {
      await done;
      return false;
    }
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<"expired">((resolve) => (timer = setTimeout(() => resolve("expired"), timeoutMs)));
    const first = await Promise.race([done.then(() => "done" as const), expired]);
    clearTimeout(timer);
    if (first === "done") return false;
    onExpired();
    await this.killGroup(pidFile);
    const closed = await Promise.race([done.then(() => true), sleep(STREAM_CLOSE_GRACE_MS).then(() => false)]);
    if (!closed) stream.destroy();
    return true;
  }

  private async killGroup(pidFile: string): Promise<void> {
    const script = `p=$(cat ${pidFile} 2>/dev/null) || exit 0; kill -TERM -$p 2>/dev/null; sleep ${KILL_GRACE_SECONDS}; kill -KILL -$p 2>/dev/null; true`;
    const killer = await this.guard("exec", () => this.container.exec({ Cmd: ["/bin/sh", "-c", script], User: "root" }));
    const stream = (await killer.start({ hijack: true, stdin: false })) as unknown as Readable;
    await readMultiplexed(stream, () => undefined);
  }

  async copyIn(files: readonly FileToCopy[]): Promise<void> {
    const archive = await packFiles(files);
    await this.guard("copy in", () => this.container.putArchive(archive, { path: "/" }));
  }

  async copyOut(path: string): Promise<Uint8Array> {
    const stream = (await this.guard("copy out", () => this.container.getArchive({ path }))) as unknown as Readable;
    return firstFileOf(stream, path);
  }

  async state(): Promise<SandboxState> {
    try {
      const info = await timedOperation("inspect", () => this.container.inspect());
      return { running: info.State.Running, exitCode: info.State.ExitCode, oomKilled: info.State.OOMKilled };
    } catch (error) {
      if (isNotFound(error)) return { running: false };
      throw new SandboxError(`could not inspect container ${this.name}: ${String(error)}`, { cause: error });
    }
  }

  async remove(): Promise<void> {
    try {
      await timedOperation("remove", () => this.container.remove({ force: true, v: true }));
    } catch (error) {
      if (isNotFound(error) || /removal of container .* is already in progress/i.test(String(error))) return;
      throw new SandboxError(`could not remove container ${this.name}: ${String(error)}`, { cause: error });
    }
  }

  private async guard<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await timedOperation(what, action);
    } catch (error) {
      const gone = isNotFound(error) || /is not running|container not running/i.test(String(error)) ? " (the container is gone or stopped)" : "";
      throw new SandboxError(`${what} failed in container ${this.name}${gone}: ${String(error)}`, { cause: error });
    }
  }
}
