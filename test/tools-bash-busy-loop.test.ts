/**
 * The bash session on a busy host: when Node's event loop is held up (another rollout's work, a
 * starved CPU) across the deadline of a wait, the expired timer runs before the loop reads what the
 * shell printed in time. Here the exit-code reply (`echo EXITCODESTART$?EXITCODEEND` and its
 * prompt) is passed on through a local socket once the real container has printed it all, and the
 * loop is then kept busy past the 1 s deadline, as on a loaded machine. Before the fix the reply was
 * taken as missing, its prompt stayed buffered, and every later command came back as ''.
 */
import { createServer, connect, type Socket } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BashSession } from "../src/tools/bash/session.ts";
import { HelperShell } from "../src/tools/container/helper-shell.ts";
import type { OutputStream, Sandbox, SandboxProcess, SpawnOptions } from "../src/sandbox/types.ts";
import { BASE_IMAGE, ensureDockerAndBaseImage, testEngine, testLabels } from "./helpers/docker.ts";

/** SWE-ReX's wait for EXITCODEEND (session.ts); the loop is kept busy a little past it. */
const EXIT_CODE_WAIT_MS = 1000;
const PAST_DEADLINE_MS = 100;

/** A local socket pair: what is written to `near` is read from `far` in a later poll phase. */
async function socketPair(dir: string): Promise<{ near: Socket; far: Socket; close: () => void }> {
  const server = createServer();
  const path = join(dir, "relay.sock");
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const accepted = new Promise<Socket>((resolve) => server.once("connection", resolve));
  const near = connect(path);
  await new Promise<void>((resolve) => near.once("connect", resolve));
  const far = await accepted;
  return { near, far, close: () => (near.destroy(), far.destroy(), server.close()) };
}

/**
 * The session's terminal, relayed through a socket pair. When armed, the reply to the next
 * exit-code request is held until it is complete (text up to EXITCODEEND and the prompt after it),
 * written to the socket, and then the event loop is kept busy until the session's wait has expired.
 */
class BusyLoopTerminal implements SandboxProcess {
  private armed = false;
  private held: Buffer[] | undefined;
  private requestWrittenAt = 0;
  stalls = 0;

  constructor(
    private readonly inner: SandboxProcess,
    private readonly relay: { near: Socket; far: Socket },
  ) {
    inner.onOutput((chunk) => this.receive(chunk));
  }

  get exited(): Promise<number | null> {
    return this.inner.exited;
  }

  arm(): void {
    this.armed = true;
  }

  async write(data: string | Uint8Array): Promise<void> {
    const holding = this.armed && typeof data === "string" && data.startsWith("\necho EXITCODESTART");
    if (holding) {
      this.armed = false;
      this.held = [];
    }
    await this.inner.write(data);
    if (holding) this.requestWrittenAt = Date.now();
  }

  onOutput(listener: (chunk: Buffer, stream: OutputStream) => void): () => void {
    const forward = (chunk: Buffer) => listener(chunk, "stdout");
    this.relay.far.on("data", forward);
    return () => this.relay.far.off("data", forward);
  }

  kill(): void {
    this.inner.kill();
  }

  private receive(chunk: Buffer): void {
    if (this.held === undefined) {
      this.relay.near.write(chunk);
      return;
    }
    this.held.push(chunk);
    const text = Buffer.concat(this.held).toString("latin1");
    const end = text.indexOf("EXITCODEEND");
    if (end < 0 || !text.includes("SHELLPS1PREFIX", end)) return;
    this.relay.near.write(Buffer.concat(this.held));
    this.held = undefined;
    // The shell answered in time; only if the session's deadline is still ahead does a busy loop
    // make it pass with the answer unread (on a machine so slow that it has passed, nothing is tested).
    const busyUntil = this.requestWrittenAt + EXIT_CODE_WAIT_MS + PAST_DEADLINE_MS;
    if (this.requestWrittenAt === 0 || Date.now() >= this.requestWrittenAt + EXIT_CODE_WAIT_MS) return;
    this.stalls++;
    while (Date.now() < busyUntil) {
      // busy: the event loop cannot run timers or read sockets
    }
  }
}

const engine = testEngine();
const labels = testLabels("tools-bash-busy-loop");
let sandbox: Sandbox;
let helper: HelperShell;
let session: BashSession;
let terminal: BusyLoopTerminal | undefined;
let relay: { near: Socket; far: Socket; close: () => void };
let dir: string;

beforeAll(async () => {
  ensureDockerAndBaseImage();
  dir = mkdtempSync(join(tmpdir(), "sera-busy-loop-"));
  relay = await socketPair(dir);
  sandbox = await engine.create({ image: BASE_IMAGE, name: `sera-test-tools-bash-busy-loop-${Date.now()}`, labels });
  helper = await HelperShell.start(sandbox);
  await helper.text("mkdir -p /tmp/.sera-tools", "bridge dir");
  const relayed: Sandbox = {
    id: sandbox.id,
    name: sandbox.name,
    exec: (command, options) => sandbox.exec(command, options),
    spawn: async (command: readonly string[], options?: SpawnOptions) => {
      terminal = new BusyLoopTerminal(await sandbox.spawn(command, options), relay);
      return terminal;
    },
    copyIn: (files) => sandbox.copyIn(files),
    copyOut: (path) => sandbox.copyOut(path),
    state: () => sandbox.state(),
    remove: () => sandbox.remove(),
  };
  session = await BashSession.start(relayed, helper, { pidFile: "/tmp/.sera-tools/session.pid" });
}, 600_000);

afterAll(async () => {
  session?.close();
  helper?.close();
  relay?.close();
  await sandbox?.remove();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("the bash session when the host's event loop is busy", () => {
  it("reads an exit-code reply that arrived before its deadline, and the next commands get their own output", async () => {
    const seen = async (command: string) => {
      const result = await session.run(command, 30_000);
      return result.kind === "output" ? { output: result.output, exitCode: result.exitCode } : result;
    };
    expect(await seen("echo before")).toEqual({ output: "before\n", exitCode: 0 });
    // Armed until one reply came in time to be held up (on a quiet machine: the first).
    const held = [];
    for (let attempt = 1; attempt <= 5 && terminal?.stalls === 0; attempt++) {
      terminal.arm();
      held.push(await seen("echo one"));
    }
    expect(terminal?.stalls).toBe(1);
    const after = [await seen("echo two"), await seen("echo three")];
    expect({ held: held.at(-1), after }).toEqual({
      held: { output: "one\n", exitCode: 0 },
      after: [
        { output: "two\n", exitCode: 0 },
        { output: "three\n", exitCode: 0 },
      ],
    });
  });
});
