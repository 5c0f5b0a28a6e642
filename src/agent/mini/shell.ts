import type { Sandbox } from "../../sandbox/types.ts";
import type { MiniProtocol } from "../../protocol/mini/protocol.ts";
import { fromJs, pyRepr } from "../../util/python/value.ts";
import type { MiniOutput } from "./texts.ts";

export interface MiniExec extends MiniOutput {
  readonly timedOut: boolean;
  readonly durationMs: number;
}

/**
 * One action as mini's Docker environment runs it: a new shell per command (the config's
 * interpreter, e.g. `bash -lc`), in the config's cwd with its env, under its time-out; nothing
 * carries over between commands. Output is stdout and stderr together. A failure of the container
 * or the engine throws (SandboxError), as for the SWE-agent tools.
 */
export async function runMiniCommand(sandbox: Sandbox, p: MiniProtocol, command: string): Promise<MiniExec> {
  const env = p.environment;
  const result = await sandbox.exec([...env.interpreter, command], { workdir: env.cwd, env: env.env, timeoutMs: env.timeoutSeconds * 1000 });
  if (!result.timedOut) return { output: result.output, returncode: result.exitCode ?? -1, exception_info: "", timedOut: false, durationMs: result.durationMs };
  // mini's client gives up at the time-out: the output is what had come by then (not what the kill printed).
  return { output: result.outputAtTimeout ?? result.output, returncode: -1, exception_info: timeoutInfo(sandbox, p, command), timedOut: true, durationMs: result.durationMs };
}

/** v2's exception_info for a time-out: its prefix with Python's TimeoutExpired text for the docker exec command mini would have run. */
function timeoutInfo(sandbox: Sandbox, p: MiniProtocol, command: string): string {
  const template = p.texts.executionError;
  if (template === undefined) return "";
  const env = p.environment;
  const argv = ["docker", "exec", "-w", env.cwd, ...Object.entries(env.env).flatMap(([k, v]) => ["-e", `${k}=${v}`]), sandbox.id, ...env.interpreter, command];
  return template.replace("{e}", `Command '${pyRepr(fromJs(argv))}' timed out after ${env.timeoutSeconds} seconds`);
}

/** mini's submission check: the first line of the (left-stripped) output is a marker; the rest is the submission. */
export function submissionOf(p: MiniProtocol, output: MiniOutput): string | undefined {
  const lines = splitlinesKeepends(output.output.trimStart());
  const first = lines[0];
  if (first === undefined || !p.finishMarkers.includes(first.trim())) return undefined;
  if (p.submitNeedsZeroExit && output.returncode !== 0) return undefined;
  return lines.slice(1).join("");
}

/** Python's str.splitlines(keepends=True). */
function splitlinesKeepends(text: string): string[] {
  return text.match(/[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]|$)/gu)?.filter((line) => line !== "") ?? [];
}
