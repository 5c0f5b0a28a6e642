import type { AgentConfig } from "../protocol/schema.ts";
import { runAgent } from "./agent.ts";
import { firstMessages } from "./first-messages.ts";
import { sweAgentToolkit } from "./toolkit.ts";
import type { Agent } from "./types.ts";
import { optional } from "../util/optional.ts";

/** SWE-agent's protocol (SERA's): the function-calling loop (agent.ts) with the SWE-agent tools (toolkit.ts). */
export function sweAgent(config: AgentConfig): Agent {
  const toolkit = sweAgentToolkit(config);
  return {
    kind: "swe-agent",
    async start(input) {
      const tools = await toolkit.startTools(input.sandbox, input.instance, config);
      return {
        run: () => runAgent({
          model: input.model, schemas: toolkit.schemas, counter: input.counter, budget: input.budget, trajectory: input.trajectory,
          tools, limits: input.limits, messages: toolkit.messages, ...optional("signal", input.signal),
          firstMessages: firstMessages(config, input.instance),
        }),
        diff: () => tools.diff(),
        lastDiff: () => tools.lastDiff?.(),
        describeEnvironment: () => tools.describeEnvironment?.(),
        close: () => tools.close(),
      };
    },
  };
}
