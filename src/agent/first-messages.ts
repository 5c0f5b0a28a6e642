import type { Instance } from "../dataset/row.ts";
import type { AgentConfig } from "../protocol/schema.ts";
import { renderTemplate } from "../protocol/template.ts";
import type { SystemMessage, UserMessage } from "../model/types.ts";

/** The repository inside every instance container (SWE-bench images; SWE-agent's working_dir). */
export const WORKING_DIR = "/testbed";

/** What SWE-agent's templates can name for an instance (working_dir is the session's cwd after setup). */
export function instanceVariables(instance: Instance): Record<string, string> {
  return { problem_statement: instance.problem_statement, working_dir: WORKING_DIR, repo: instance.repo, instance_id: instance.instance_id };
}

/** The conversation's start: the system template and the instance template, rendered (DefaultAgent.setup). */
export function firstMessages(config: Pick<AgentConfig, "templates">, instance: Instance): [SystemMessage, UserMessage] {
  const values = instanceVariables(instance);
  return [
    { role: "system", content: renderTemplate(config.templates.system, values) },
    { role: "user", content: renderTemplate(config.templates.instance, values) },
  ];
}
