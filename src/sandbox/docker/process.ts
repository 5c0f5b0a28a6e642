import type Docker from "dockerode";
import type { Duplex } from "node:stream";
import { SandboxError } from "../types.ts";
import type { OutputStream, SandboxProcess } from "../types.ts";
import { frameSplitter } from "./demux.ts";

type Listener = (chunk: Buffer, stream: OutputStream) => void;

/**
 * A started docker exec with stdin attached (hijacked connection). With a TTY the connection
 * carries raw terminal bytes; without one, docker's 8-byte-header frames (see demux.ts), which
 * are split here by stream so callers can tell stdout from stderr.
 */
export class DockerProcess implements SandboxProcess {
  readonly exited: Promise<number | null>;
  private readonly listeners = new Set<Listener>();
  private closed = false;
  private readonly emit: Listener = (chunk, stream) => {
    for (const listener of this.listeners) listener(chunk, stream);
  };

  constructor(
    private readonly exec: Docker.Exec,
    private readonly socket: Duplex,
    tty: boolean,
    private readonly containerName: string,
  ) {
    socket.on("data", tty ? (data: Buffer) => this.emit(data, "stdout") : frameSplitter(this.emit));
    this.exited = new Promise<void>((resolve) => {
      socket.on("end", () => resolve());
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
    }).then(() => this.exitCode());
  }

  onOutput(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async write(data: string | Uint8Array): Promise<void> {
    if (this.closed || this.socket.destroyed) throw new SandboxError(`process in container ${this.containerName} has exited; cannot write to it`);
    await new Promise<void>((resolve, reject) =>
      this.socket.write(data, (error) => (error ? reject(new SandboxError(`write to process in ${this.containerName} failed: ${String(error)}`, { cause: error })) : resolve())),
    );
  }

  async resize(size: { readonly rows: number; readonly columns: number }): Promise<void> {
    try {
      await this.exec.resize({ h: size.rows, w: size.columns });
    } catch (error) {
      throw new SandboxError(`resize of a terminal in ${this.containerName} failed: ${String(error)}`, { cause: error });
    }
  }

  kill(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private async exitCode(): Promise<number | null> {
    this.closed = true;
    try {
      const info = await this.exec.inspect();
      return info.ExitCode ?? null;
    } catch {
      return null;
    }
  }
}
