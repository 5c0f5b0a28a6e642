import { SeraBenchError } from "../util/errors.ts";

/**
 * The sandbox interface: everything evaluation and agents need from a container engine.
 * Implementations: DockerEngine (dockerode; local socket, tcp or ssh hosts, Podman's API).
 *
 * Lifecycle: engine.ensureImage -> engine.create -> sandbox.exec / copyIn / copyOut -> sandbox.remove.
 * exec returns data; a non-zero exit code or a timeout is not an exception. Only infrastructure
 * problems throw (daemon unreachable, container gone): SandboxError.
 */
export interface ExecResult {
  /** null when the process was killed before it reported an exit code (timeout). */
  readonly exitCode: number | null;
  /** stdout and stderr interleaved as produced; invalid UTF-8 replaced; capped (see truncated). */
  readonly output: string;
  readonly timedOut: boolean;
  readonly truncated: boolean;
  readonly durationMs: number;
  /** With a time-out that expired: the output as it was when it expired, before the kill (what a client that gave up then saw). */
  readonly outputAtTimeout?: string;
}

/** Where and as whom a command runs (exec and spawn alike). */
export interface CommandOptions {
  readonly workdir?: string;
  readonly user?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export interface ExecOptions extends CommandOptions {
  /** Kill the command after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Keep at most this many bytes of output (default 10 MiB); a note says what was dropped. */
  readonly maxOutputBytes?: number;
}

export interface FileToCopy {
  /** Absolute path inside the sandbox. */
  readonly path: string;
  readonly content: string | Uint8Array;
  readonly mode?: number;
}

export interface SpawnOptions extends CommandOptions {
  /** Allocate a pseudo-terminal: output is raw (stdout and stderr merged by the terminal). */
  readonly tty?: boolean;
  /** Initial terminal size (tty only). */
  readonly size?: { readonly rows: number; readonly columns: number };
}

/** Which stream a chunk came from; a tty process has only "stdout". */
export type OutputStream = "stdout" | "stderr";

/**
 * A long-lived process inside the sandbox with its stdin attached (an interactive shell, a helper).
 * Output arrives through onOutput listeners in order; `exited` settles when the stream closes
 * (exit code null if it could not be read). Writing after the exit throws SandboxError.
 */
export interface SandboxProcess {
  write(data: string | Uint8Array): Promise<void>;
  onOutput(listener: (chunk: Buffer, stream: OutputStream) => void): () => void;
  resize?(size: { readonly rows: number; readonly columns: number }): Promise<void>;
  /** Close stdin and drop the connection; the process gets EOF/SIGHUP. */
  kill(): void;
  readonly exited: Promise<number | null>;
}

export interface Sandbox {
  readonly id: string;
  readonly name: string;
  exec(command: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Start a long-lived process with stdin attached (see SandboxProcess). */
  spawn(command: readonly string[], options?: SpawnOptions): Promise<SandboxProcess>;
  copyIn(files: readonly FileToCopy[]): Promise<void>;
  copyOut(path: string): Promise<Uint8Array>;
  /** Whether the container still runs (a container can die under a command: OOM, a kill). */
  state(): Promise<SandboxState>;
  /** Stop and remove; never throws for a container that is already gone. */
  remove(): Promise<void>;
}

export interface SandboxState {
  readonly running: boolean;
  readonly exitCode?: number;
  readonly oomKilled?: boolean;
}

/** What a run may limit of its containers (default: none, as the official harness). */
export interface ContainerLimits {
  readonly network?: string;
  readonly memoryBytes?: number;
  readonly pidsLimit?: number;
}

export interface SandboxSpec extends ContainerLimits {
  readonly image: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly workdir?: string;
  readonly user?: string;
  readonly platform?: string;
}

export type EnsureImageResult =
  | { readonly ok: true; readonly image: string; readonly pulled: boolean }
  | { readonly ok: false; readonly image: string; readonly reason: string };

/** A container as the engine lists it, with its labels. */
export interface LabelledContainer {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface SandboxEngine {
  readonly describe: string;
  ensureImage(image: string): Promise<EnsureImageResult>;
  create(spec: SandboxSpec): Promise<Sandbox>;
  /** Containers carrying all these labels (used to find leftovers). */
  listByLabels(labels: Readonly<Record<string, string>>): Promise<readonly LabelledContainer[]>;
  removeById(id: string): Promise<void>;
}

export class SandboxError extends SeraBenchError {}
