import type { Sandbox, SandboxProcess } from "../../sandbox/types.ts";
import type { FileAccess } from "../container/file-access.ts";
import type { HelperShell } from "../container/helper-shell.ts";
import { shellQuote } from "../container/helper-shell.ts";
import type { ToolProcessResult } from "../editor/editor.ts";
import { decodeSurrogateEscape } from "../bash/decode.ts";
import { TOOL_HANDLERS, type ToolEnvironment, type ToolRequest } from "./handlers.ts";
import { installScript, REQUESTS_FIFO } from "./shims.ts";
import { SeraBenchError } from "../../util/errors.ts";

/**
 * Serves the tool shims: a process in the container reads the request FIFO and prints one line
 * per call ("<tool> <dir>"); each call is read, run by its TypeScript handler and answered by
 * writing stdout, stderr and the exit code back into the call's directory.
 */
export class ToolBridge {
  private lineBuffer = "";
  private readonly inFlight = new Set<Promise<void>>();

  private constructor(
    private readonly listener: SandboxProcess,
    private readonly helper: HelperShell,
    private readonly files: FileAccess,
    private readonly onError: (error: unknown) => void,
    private readonly environment: ToolEnvironment,
  ) {
    listener.onOutput((chunk, stream) => {
      if (stream === "stdout") this.receive(chunk.toString("utf8"));
    });
  }

  static async start(sandbox: Sandbox, helper: HelperShell, files: FileAccess, onError: (error: unknown) => void, environment: ToolEnvironment): Promise<ToolBridge> {
    await helper.text(installScript(), "installing the tool shims");
    const listener = await sandbox.spawn(["/bin/sh", "-c", `exec 3<>${REQUESTS_FIFO}; exec cat <&3`], { user: "root" });
    return new ToolBridge(listener, helper, files, onError, environment);
  }

  close(): void {
    this.listener.kill();
  }

  private receive(text: string): void {
    this.lineBuffer += text;
    let newline = this.lineBuffer.indexOf("\n");
    while (newline >= 0) {
      const [tool = "", dir = ""] = this.lineBuffer.slice(0, newline).split(" ");
      this.lineBuffer = this.lineBuffer.slice(newline + 1);
      const call = this.serve(tool, dir).catch(this.onError);
      this.inFlight.add(call);
      void call.finally(() => this.inFlight.delete(call));
      newline = this.lineBuffer.indexOf("\n");
    }
  }

  private async serve(tool: string, dir: string): Promise<void> {
    const request = await this.readRequest(tool, dir);
    const handler = TOOL_HANDLERS[tool];
    let result: ToolProcessResult;
    try {
      result = handler === undefined ? { stdout: "", stderr: `${tool}: unknown tool\n`, exitCode: 127 } : await handler(request, this.files, this.environment);
    } catch (error) {
      result = { stdout: "", stderr: `${tool}: internal error: ${error instanceof Error ? error.message : String(error)}\n`, exitCode: 1 };
      this.onError(error);
    }
    await this.answer(dir, result);
  }

  private async readRequest(tool: string, dir: string): Promise<ToolRequest> {
    const d = shellQuote(dir);
    const text = await this.helper.text(`base64 -w0 ${d}/argv; echo; base64 -w0 ${d}/cwd; echo; base64 -w0 ${d}/env; echo`, `reading the ${tool} call`);
    const [argv, cwd, env] = text.split("\n").map((line) => Buffer.from(line, "base64"));
    if (argv === undefined || cwd === undefined || env === undefined) throw new SeraBenchError(`malformed ${tool} call in ${dir}`);
    return { tool, argv: splitNul(argv).map(decodeSurrogateEscape), cwd: decodeSurrogateEscape(cwd).replace(/\n$/, ""), env: parseEnv(env) };
  }

  private async answer(dir: string, result: ToolProcessResult): Promise<void> {
    const d = shellQuote(dir);
    const out = Buffer.from(result.stdout, "utf8").toString("base64");
    const err = Buffer.from(result.stderr, "utf8").toString("base64");
    await this.helper.text(
      `printf '%s' '${out}' | base64 -d > ${d}/stdout; printf '%s' '${err}' | base64 -d > ${d}/stderr; exec 3<>${d}/done; echo ${result.exitCode} >&3`,
      "answering a tool call",
    );
  }
}

function splitNul(bytes: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      parts.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  return parts;
}

function parseEnv(bytes: Buffer): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of splitNul(bytes)) {
    const text = decodeSurrogateEscape(entry);
    const eq = text.indexOf("=");
    if (eq > 0) env.set(text.slice(0, eq), text.slice(eq + 1));
  }
  return env;
}
