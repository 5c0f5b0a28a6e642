import { readFileSync } from "node:fs";
import { DEFAULT_BLOCKLIST, type Blocklist } from "./parse/blocklist.ts";
import { DEFAULT_FORMAT_ERROR_TEMPLATE } from "./parse/format-errors.ts";
import type { ToolDefinition } from "./parse/tool-definition.ts";
import { DEFAULT_TEMPLATES, type ObservationTemplates } from "./observation.ts";
import { projectPath } from "../util/paths.ts";

/** Everything the tool side needs from an agent config (the YAML loader lives elsewhere). */
export interface SweAgentToolsConfig {
  /** The repository in the container (SWE-bench: /testbed); the session starts there and ROOT is it. */
  readonly repoRoot: string;
  /** execution_timeout, seconds (SWE-agent 250225 config: 300). */
  readonly executionTimeoutSeconds: number;
  /** registry_variables, written to /root/.swe-agent-env (USE_FILEMAP, SUBMIT_REVIEW_MESSAGES, …). */
  readonly registryVariables: Readonly<Record<string, unknown>>;
  /** tools.env_variables (exported after the base ones). */
  readonly envVariables: Readonly<Record<string, string>>;
  readonly blocklist: Blocklist;
  /** The function-calling tools (bash, str_replace_editor, submit). */
  readonly tools: readonly ToolDefinition[];
  readonly templates: ObservationTemplates;
  /** The parser's re-query template (Jinja; SERA's protocol: FunctionCallingParser.error_message). */
  readonly formatErrorTemplate: string;
  /** Exported as PROBLEM_STATEMENT (the review message may use `{{problem_statement}}`). */
  readonly problemStatement?: string;
  /** Commands run in the repo after `cd` (SWE-agent's repo reset), joined with " && ". */
  readonly repoResetCommands: readonly string[];
  readonly startupSource: readonly string[];
  /** How long the bash session waits for a synchronisation marker when it fell out of step (default 30 s). */
  readonly sessionSyncTimeoutMs?: number;
}

export const DEFAULT_ENV_VARIABLES: Readonly<Record<string, string>> = {
  PAGER: "cat",
  MANPAGER: "cat",
  LESS: "-R",
  PIP_PROGRESS_BAR: "off",
  TQDM_DISABLE: "1",
  GIT_PAGER: "cat",
};

const TOOLS_DIR = projectPath("harness/agents/tools/");

/** Our tool definitions (harness/agents/tools/*.json), in our own words (SERA's protocol loads the published ones). */
export function defaultTools(): ToolDefinition[] {
  return ["bash", "str_replace_editor", "submit"].map((name) => JSON.parse(readFileSync(`${TOOLS_DIR}${name}.json`, "utf8")) as ToolDefinition);
}

export function defaultConfig(overrides: Partial<SweAgentToolsConfig> = {}): SweAgentToolsConfig {
  return {
    repoRoot: "/testbed",
    executionTimeoutSeconds: 300,
    registryVariables: { USE_FILEMAP: "true", SUBMIT_REVIEW_MESSAGES: [] },
    envVariables: DEFAULT_ENV_VARIABLES,
    blocklist: DEFAULT_BLOCKLIST,
    tools: defaultTools(),
    templates: DEFAULT_TEMPLATES,
    formatErrorTemplate: DEFAULT_FORMAT_ERROR_TEMPLATE,
    repoResetCommands: [],
    startupSource: ["/root/.bashrc"],
    ...overrides,
  };
}
