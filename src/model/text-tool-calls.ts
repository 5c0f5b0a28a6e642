import type { Model } from "./types.ts";

export const TEXT_TOOL_CALLS_WARNING =
  "warning: the server returned tool calls as <tool_call> text in the reply, not as structured tool calls: it was started without " +
  "`--enable-auto-tool-choice --tool-call-parser hermes`. sera-bench reads the text, so the run goes on, but SWE-agent against such a " +
  "server would see no tool call at all. Restart vLLM with those flags to measure the protocol as published.";

/** The model, warning once (through `notice`) when a reply carries its tool calls as `<tool_call>` text. */
export function warnOnTextToolCalls(model: Model, notice: (line: string) => void): Model {
  let warned = false;
  return {
    describe: () => model.describe(),
    ...(model.ensureReachable === undefined ? {} : { ensureReachable: (signal?: AbortSignal) => model.ensureReachable?.(signal) ?? Promise.resolve() }),
    async complete(messages, tools, options) {
      const call = await model.complete(messages, tools, options);
      if (!warned && call.toolCallFormat === "text") {
        warned = true;
        notice(TEXT_TOOL_CALLS_WARNING);
      }
      return call;
    },
  };
}
