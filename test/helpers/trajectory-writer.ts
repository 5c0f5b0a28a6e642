/**
 * A child process for test/agent-trajectory-log.test.ts: a trajectory growing one step at a time
 * (a model reply, a tool output, the history), persisted after each; prints "persisted <n>" once step
 * n is saved, and goes on until it is killed.  Usage: node --import tsx trajectory-writer.ts <path>
 */
import { Trajectory } from "../../src/agent/trajectory.ts";
import type { ChatMessage } from "../../src/model/types.ts";

export function toolOutput(step: number): string {
  return `output of step ${step}: ${"x".repeat(step % 50)} é 漢\n`.repeat(20);
}

export const HEADER = {
  instance_id: "killed__instance-1", run_id: "kill-test", model: "m", context_tokens: 32_768,
  agent_config: { name: "sera", source: "sera", sha256: "", protocol: "published" },
};

export async function writeSteps(path: string, count: number, onPersisted: (step: number) => void): Promise<Trajectory> {
  const trajectory = new Trajectory(path, HEADER);
  const history: ChatMessage[] = [{ role: "system", content: "sys" }, { role: "user", content: "task" }];
  trajectory.history = history;
  await trajectory.persist();
  for (let step = 1; step <= count; step++) {
    const call = { id: `call_${step}`, name: "bash", arguments: JSON.stringify({ command: `echo ${step}` }) };
    trajectory.recordModelCall({
      content: `step ${step}`, toolCalls: [call], malformedToolCalls: [], finishReason: "tool_calls", usage: { promptTokens: 10 * step, completionTokens: 5 },
      latencyMs: 1, totalMs: 1, attempts: 1, raw: {},
    }, 10 * step);
    const output = toolOutput(step);
    trajectory.record({ kind: "tool", call, result: { kind: "observation", action: `echo ${step}`, message: output, output, exitCode: 0, durationMs: 1, timedOut: false } });
    history.push({ role: "assistant", content: `step ${step}`, tool_calls: [call] }, { role: "tool", content: output, tool_call_id: call.id });
    await trajectory.persist();
    onPersisted(step);
  }
  return trajectory;
}

if (process.argv[2] !== undefined && import.meta.url.endsWith(process.argv[1]!.split("/").pop()!)) {
  await writeSteps(process.argv[2], Number.MAX_SAFE_INTEGER, (step) => process.stdout.write(`persisted ${step}\n`));
}
