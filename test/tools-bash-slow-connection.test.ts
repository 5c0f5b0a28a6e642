/**
 * The bash session over a connection slower than its waits (a loaded machine: the shell, dockerd
 * or the attach stream held up for longer than SWE-ReX's 0.1 s / 1 s). The session's terminal is
 * relayed here, and part of a reply is held back until the session writes to the terminal again:
 * whatever the session waits for meanwhile cannot arrive in time, however fast the machine is.
 * Before the fix, a prompt that came after the 0.1 s wait was left for the next command (which then
 * read another command's output), and the tools' setup failed with
 * `{"kind":"output","output":"SHELLPS1PREFIX","exitCode":null,...}`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BashSession } from "../src/tools/bash/session.ts";
import { HelperShell } from "../src/tools/container/helper-shell.ts";
import { defaultConfig } from "../src/tools/config.ts";
import { SweAgentTools, type ToolStepResult } from "../src/tools/swe-agent-tools.ts";
import { buildSampleImages } from "../src/images/sample-images.ts";
import type { OutputStream, Sandbox, SandboxProcess, SpawnOptions } from "../src/sandbox/types.ts";
import { ensureDockerAndBaseImage, testEngine, testLabels } from "./helpers/docker.ts";

const IMAGE = "sera-bench/sweb.eval.x86_64.sera-bench_1776_semver-1:latest";
const EXIT_CODE_REQUEST = "\necho EXITCODESTART";
const EXIT_CODE_END = Buffer.from("EXITCODEEND");

/**
 * What to hold back, once a command line the session writes satisfies `after`: "prompt" holds
 * what follows EXITCODEEND in the reply to the next exit-code request (the prompt); "reply" holds
 * the whole reply. Held bytes, and everything after them, reach the session when it next writes
 * (or, with `writes`, when it has written that many times more).
 */
type Delay = { readonly after: (line: string) => boolean; readonly hold: "prompt" | "reply"; readonly writes?: number };

/** The session's terminal, relayed: output passes on in order, except what a delay holds back. */
class SlowTerminal implements SandboxProcess {
  private readonly listeners = new Set<(chunk: Buffer, stream: OutputStream) => void>();
  private delay: Delay | undefined;
  private state: "idle" | "triggered" | "watching" | "holding" = "idle";
  private pending: Buffer[] = [];
  private writesWhileHolding = 0;
  delayed = 0;
  /** Every write of the session, in order. */
  readonly lines: string[] = [];

  constructor(private readonly inner: SandboxProcess) {
    inner.onOutput((chunk) => this.receive(chunk));
  }

  get exited(): Promise<number | null> {
    return this.inner.exited;
  }

  /** Applies `delay` once (to the first command line it matches); `delayed` counts from here. */
  arm(delay: Delay): void {
    this.delay = delay;
    this.state = "idle";
    this.delayed = 0;
  }

  async write(data: string | Uint8Array): Promise<void> {
    const text = typeof data === "string" ? data : Buffer.from(data).toString("utf8");
    this.lines.push(text);
    this.release();
    if (this.state === "idle" && this.delay?.after(text) === true) this.state = "triggered";
    else if (this.state === "triggered" && text.startsWith(EXIT_CODE_REQUEST)) this.state = "watching";
    await this.inner.write(data);
  }

  onOutput(listener: (chunk: Buffer, stream: OutputStream) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  kill(): void {
    this.inner.kill();
  }

  private receive(chunk: Buffer): void {
    if (this.state !== "watching" && this.state !== "holding") return this.deliver(chunk);
    this.pending.push(chunk);
    if (this.state === "holding") return;
    if (this.delay?.hold === "reply") return this.startHolding();
    const text = Buffer.concat(this.pending);
    const end = text.indexOf(EXIT_CODE_END);
    if (end < 0) return;
    this.deliver(text.subarray(0, end + EXIT_CODE_END.length));
    this.pending = [text.subarray(end + EXIT_CODE_END.length)];
    this.startHolding();
  }

  private startHolding(): void {
    this.state = "holding";
    this.writesWhileHolding = 0;
    this.delayed++;
  }

  private release(): void {
    if (this.state !== "holding" || ++this.writesWhileHolding < (this.delay?.writes ?? 1)) return;
    this.state = "idle";
    this.delay = undefined;
    const held = Buffer.concat(this.pending);
    this.pending = [];
    if (held.length > 0) this.deliver(held);
  }

  private deliver(chunk: Buffer): void {
    for (const listener of this.listeners) listener(chunk, "stdout");
  }
}

/** The sandbox, with the bash session's terminal (the tty bash) relayed through a SlowTerminal. */
function relayed(sandbox: Sandbox, onTerminal: (terminal: SlowTerminal) => void): Sandbox {
  return {
    id: sandbox.id,
    name: sandbox.name,
    exec: (command, options) => sandbox.exec(command, options),
    spawn: async (command: readonly string[], options?: SpawnOptions) => {
      const process = await sandbox.spawn(command, options);
      if (options?.tty !== true || !command.join(" ").includes("exec /usr/bin/env bash")) return process;
      const terminal = new SlowTerminal(process);
      onTerminal(terminal);
      return terminal;
    },
    copyIn: (files) => sandbox.copyIn(files),
    copyOut: (path) => sandbox.copyOut(path),
    state: () => sandbox.state(),
    remove: () => sandbox.remove(),
  };
}

const engine = testEngine();
const labels = testLabels("tools-bash-slow-connection");
const sandboxes: Sandbox[] = [];
const closers: (() => void)[] = [];

async function container(suffix: string): Promise<Sandbox> {
  const sandbox = await engine.create({ image: IMAGE, name: `sera-test-tools-bash-slow-${suffix}-${Date.now()}`, labels });
  sandboxes.push(sandbox);
  return sandbox;
}

beforeAll(async () => {
  ensureDockerAndBaseImage();
  await buildSampleImages({ instancesDir: "instances/sample" });
}, 600_000);

afterAll(async () => {
  for (const close of closers) close();
  await Promise.all(sandboxes.map((sandbox) => sandbox.remove()));
});

describe("the bash session over a connection slower than its waits", () => {
  let session: BashSession;
  let terminal: SlowTerminal | undefined;
  const seen = async (command: string) => {
    const result = await session.run(command, 60_000);
    return result.kind === "output" ? { output: result.output, exitCode: result.exitCode } : result;
  };

  beforeAll(async () => {
    const sandbox = await container("session");
    const helper = await HelperShell.start(sandbox);
    closers.push(() => helper.close());
    await helper.text("mkdir -p /tmp/.sera-tools", "bridge dir");
    session = await BashSession.start(
      relayed(sandbox, (t) => (terminal = t)),
      helper,
      { pidFile: "/tmp/.sera-tools/session.pid" },
    );
    closers.push(() => session.close());
  }, 300_000);

  it("reads a prompt that follows the exit code late, and the next commands get their own output", async () => {
    terminal?.arm({ after: (line) => line === "echo one\n", hold: "prompt" });
    const results = [await seen("echo one"), await seen("echo two"), await seen("false")];
    expect(terminal?.delayed).toBe(1);
    expect(results).toEqual([
      { output: "one\n", exitCode: 0 },
      { output: "two\n", exitCode: 0 },
      { output: "", exitCode: 1 },
    ]);
  });

  it("reads an exit-code reply that comes after its 1 s wait, and the next commands get their own output", async () => {
    terminal?.arm({ after: (line) => line === "(exit 3)\n", hold: "reply" });
    const results = [await seen("(exit 3)"), await seen("echo four"), await seen("echo five")];
    expect(terminal?.delayed).toBe(1);
    expect(results).toEqual([
      { output: "", exitCode: 3 },
      { output: "four\n", exitCode: 0 },
      { output: "five\n", exitCode: 0 },
    ]);
  });

  it("gives a multi-line command sent as typed (the end-marker fallback) its own output", async () => {
    terminal?.arm({ after: (line) => line.startsWith("x=$((2+3))"), hold: "prompt" });
    const results = [await seen("x=$((2+3))\necho $x"), await seen("echo six")];
    expect(terminal?.delayed).toBe(1);
    expect(results).toEqual([
      { output: "5\n", exitCode: 0 },
      { output: "six\n", exitCode: 0 },
    ]);
  });
});

describe("a bash session whose synchronisation marker is late too", () => {
  let session: BashSession;
  let terminal: SlowTerminal | undefined;

  beforeAll(async () => {
    const sandbox = await container("unsure");
    const helper = await HelperShell.start(sandbox);
    closers.push(() => helper.close());
    await helper.text("mkdir -p /tmp/.sera-tools", "bridge dir");
    const options = { pidFile: "/tmp/.sera-tools/session.pid", syncTimeoutMs: 2000 };
    session = await BashSession.start(relayed(sandbox, (t) => (terminal = t)), helper, options);
    closers.push(() => session.close());
  }, 300_000);

  it("reports the exit code as unknown, and the next command still reads its own output", async () => {
    terminal?.arm({ after: (line) => line === "echo nine\n", hold: "reply", writes: 2 });
    const seen = async (command: string) => {
      const result = await session.run(command, 60_000);
      return result.kind === "output" ? { output: result.output, exitCode: result.exitCode } : result;
    };
    const results = [await seen("echo nine"), await seen("echo ten"), await seen("echo eleven")];
    expect(terminal?.delayed).toBe(1);
    expect(results).toEqual([
      { output: "nine\n", exitCode: null },
      { output: "ten\n", exitCode: 0 },
      { output: "eleven\n", exitCode: 0 },
    ]);
  });
});

describe("SweAgentTools over a connection slower than the session's waits", () => {
  let tools: SweAgentTools;
  let terminal: SlowTerminal | undefined;
  let n = 0;
  const bash = (command: string): Promise<ToolStepResult> => tools.execute({ id: `call_${n++}`, name: "bash", arguments: JSON.stringify({ command }) });
  const messageOf = (result: ToolStepResult) => ("message" in result ? result.message : `(${result.kind})`);

  it("sets up the session when a setup command's prompt comes late (the failure seen under load)", async () => {
    const sandbox = relayed(await container("tools"), (t) => {
      terminal = t;
      t.arm({ after: (line) => line === "export PATH=/root/tools/edit_anthropic/bin:$PATH\n", hold: "prompt" });
    });
    tools = await SweAgentTools.start(sandbox, defaultConfig({ executionTimeoutSeconds: 30, problemStatement: "Fix it" }));
    closers.push(() => tools.close());
    expect(terminal?.delayed).toBe(1);
    const path = await bash('pwd; echo "$PATH" | cut -d: -f1-4');
    expect(messageOf(path)).toBe("OBSERVATION:\n/testbed\n/root/tools/diff_state/bin:/root/tools/review_on_submit_m/bin:/root/tools/edit_anthropic/bin:/root/tools/registry/bin\n");
  }, 300_000);

  it("runs a setup command again when its exit code could not be read", async () => {
    let retried: SlowTerminal | undefined;
    const sandbox = relayed(await container("tools-retry"), (t) => {
      retried = t;
      t.arm({ after: (line) => line === "pwd\n", hold: "reply", writes: 2 });
    });
    const retrying = await SweAgentTools.start(sandbox, defaultConfig({ executionTimeoutSeconds: 30, problemStatement: "Fix it", sessionSyncTimeoutMs: 2000 }));
    closers.push(() => retrying.close());
    expect(retried?.delayed).toBe(1);
    // Twice (a third time only if the loaded machine also held up the second reply).
    expect(retried?.lines.filter((line) => line === "pwd\n").length).toBeGreaterThanOrEqual(2);
    const result = await retrying.execute({ id: "call_retry", name: "bash", arguments: JSON.stringify({ command: "pwd" }) });
    expect(messageOf(result)).toBe("OBSERVATION:\n/testbed\n");
  }, 300_000);

  it("keeps the model's commands in step when a state command's exit-code reply comes late", async () => {
    terminal?.arm({ after: (line) => line === "_state_diff_state\n", hold: "reply" });
    const first = await bash("echo seven");
    const second = await bash("echo eight");
    expect(terminal?.delayed).toBe(1);
    expect([messageOf(first), messageOf(second)]).toEqual(["OBSERVATION:\nseven\n", "OBSERVATION:\neight\n"]);
  }, 120_000);
});
