import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { pythonClassAttribute } from "../python-source.ts";
import { SeraBenchError } from "../../util/errors.ts";
import type { MiniFile, MiniReader } from "./files.ts";
import type { MiniLayout } from "./manifest.ts";
import type { MiniProtocol } from "./protocol.ts";

/** The parts of mini's benchmark config YAML that shape the agent; everything else is kept for the template values. */
const configSchema = z.looseObject({
  agent: z.looseObject({
    system_template: z.string(),
    instance_template: z.string(),
    action_observation_template: z.string().optional(),
    format_error_template: z.string().optional(),
    timeout_template: z.string().optional(),
    action_regex: z.string().optional(),
    step_limit: z.number().int().min(0).optional(),
    cost_limit: z.number().min(0).optional(),
    max_consecutive_format_errors: z.number().int().min(0).optional(),
  }),
  environment: z.looseObject({
    cwd: z.string().optional(),
    timeout: z.number().positive().optional(),
    env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    interpreter: z.array(z.string()).min(1).optional(),
    environment_class: z.string().default("docker"),
  }).prefault({}),
  model: z.looseObject({
    model_kwargs: z.record(z.string(), z.unknown()).default({}),
    observation_template: z.string().optional(),
    format_error_template: z.string().optional(),
  }).prefault({}),
});

/** The protocol of a mini-swe-agent config file, with the loop's defaults and texts read from the tag's Python files. */
export async function miniProtocolFrom(config: MiniFile, reader: MiniReader, layout: MiniLayout, tag: string, major: "1" | "2"): Promise<{ protocol: MiniProtocol; files: MiniFile[] }> {
  const parsed = parseConfig(config);
  const agentPy = await reader.read(layout.agent);
  const dockerPy = await reader.read(layout.environment);
  const actionsPy = layout.actions === undefined ? undefined : await reader.read(layout.actions);
  const files = [config, agentPy, dockerPy, ...(actionsPy === undefined ? [] : [actionsPy])];
  const a = parsed.agent;
  const e = parsed.environment;
  if (e.environment_class !== "docker") throw new SeraBenchError(`${config.origin}: environment_class ${e.environment_class} is not supported (sera-bench runs mini's docker environment)`);
  const where = (f: MiniFile) => f.origin;
  const observation = major === "1" ? a.action_observation_template : parsed.model.observation_template;
  const formatError = major === "1" ? a.format_error_template : parsed.model.format_error_template;
  if (observation === undefined || formatError === undefined) {
    throw new SeraBenchError(`${config.origin}: expected the observation and format error templates (${major === "1" ? "agent.action_observation_template, agent.format_error_template" : "model.observation_template, model.format_error_template"})`);
  }
  const env = Object.fromEntries(Object.entries(e.env).map(([k, v]) => [k, String(v)]));
  const protocol: MiniProtocol = {
    tag, major,
    templates: {
      system: a.system_template, instance: a.instance_template, observation, formatError,
      ...(major === "1" ? { timeout: a.timeout_template ?? pythonClassAttribute(agentPy.text, "AgentConfig", "timeout_template", where(agentPy)) } : {}),
    },
    ...(major === "1" ? { actionRegex: a.action_regex ?? pythonClassAttribute(agentPy.text, "AgentConfig", "action_regex", where(agentPy)) } : {}),
    ...(actionsPy === undefined ? {} : { bashTool: pythonDict(actionsPy, "BASH_TOOL") }),
    finishMarkers: finishMarkers(major === "1" ? agentPy : dockerPy),
    submitNeedsZeroExit: major === "2" && /returncode"\]\s*==\s*0/.test(dockerPy.text),
    submitCommand: undefined,
    stepLimit: a.step_limit ?? fieldDefault(agentPy, "step_limit"),
    costLimit: a.cost_limit ?? fieldDefault(agentPy, "cost_limit"),
    maxConsecutiveFormatErrors: a.max_consecutive_format_errors ?? (/max_consecutive_format_errors:/.test(agentPy.text) ? fieldDefault(agentPy, "max_consecutive_format_errors") : 0),
    environment: {
      cwd: e.cwd ?? stringDefault(dockerPy, "cwd"), timeoutSeconds: e.timeout ?? fieldDefault(dockerPy, "timeout"), env,
      interpreter: e.interpreter ?? interpreterOf(dockerPy),
    },
    modelKwargs: parsed.model.model_kwargs,
    texts: actionsPy === undefined ? {} : parserTexts(actionsPy, dockerPy),
    templateVars: templateVars(parsed),
  };
  return { protocol: { ...protocol, submitCommand: submitCommandOf(protocol) }, files };
}

function parseConfig(file: MiniFile): z.infer<typeof configSchema> {
  let raw: unknown;
  try {
    raw = parseYaml(file.text);
  } catch (error) {
    throw new SeraBenchError(`${file.origin}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new SeraBenchError(`${file.origin}: not a mini-swe-agent config as expected:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** What mini's render_template merges besides the call's own values: the agent, environment and model configs. */
function templateVars(parsed: z.infer<typeof configSchema>): Record<string, unknown> {
  return { ...parsed.agent, ...parsed.environment, ...parsed.model };
}

/** `name: int = 250` / `name: float = 3.0` in a config class. */
function fieldDefault(file: MiniFile, name: string): number {
  const match = new RegExp(`^\\s+${name}:\\s*(?:int|float)\\s*=\\s*([0-9.]+)`, "m").exec(file.text);
  if (match === null) throw new SeraBenchError(`${file.origin}: no default for ${name} found`);
  return Number(match[1]);
}

function stringDefault(file: MiniFile, name: string): string {
  const match = new RegExp(`^\\s+${name}:\\s*str\\s*=\\s*"([^"]*)"`, "m").exec(file.text);
  if (match === null) throw new SeraBenchError(`${file.origin}: no default for ${name} found`);
  return match[1]!;
}

/** The strings a list literal holds: `["a", "b"]`. */
function stringList(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]!}"`) as string);
}

/** The first-line markers that submit: v1 `lines[0].strip() in [...]`, v2 `lines[0].strip() == "..."`. */
function finishMarkers(file: MiniFile): string[] {
  const list = /lines\[0\]\.strip\(\)\s+in\s+\[([^\]]*)\]/.exec(file.text);
  if (list !== null) return stringList(list[1]!);
  const single = /lines\[0\]\.strip\(\)\s*==\s*("(?:[^"\\]|\\.)*")/.exec(file.text);
  if (single !== null) return stringList(single[1]!);
  throw new SeraBenchError(`${file.origin}: the submission check (lines[0].strip() ...) was not found`);
}

/** How docker.py runs a command: the config's interpreter default, or v1's literal `"bash", "-lc", command`. */
function interpreterOf(file: MiniFile): string[] {
  const field = /^\s+interpreter:\s*list\[str\]\s*=\s*\[([^\]]*)\]/m.exec(file.text);
  if (field !== null) return stringList(field[1]!);
  const literal = /self\.container_id,\s*((?:"[^"]*",\s*)+)command\]/.exec(file.text);
  if (literal !== null) return stringList(literal[1]!);
  throw new SeraBenchError(`${file.origin}: how commands are run (the interpreter) was not found`);
}

/** A module-level dict literal of JSON-compatible values (BASH_TOOL). */
function pythonDict(file: MiniFile, name: string): Record<string, unknown> {
  const match = new RegExp(`^${name}\\s*=\\s*(\\{[\\s\\S]*?^\\})`, "m").exec(file.text);
  if (match === null) throw new SeraBenchError(`${file.origin}: no ${name} = {...} found`);
  const json = match[1]!.replace(/,(\s*[}\]])/g, "$1").replace(/\bTrue\b/g, "true").replace(/\bFalse\b/g, "false").replace(/\bNone\b/g, "null");
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch (error) {
    throw new SeraBenchError(`${file.origin}: ${name} is not a plain literal (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** v2's parser and environment texts (each the literal of its source line). */
function parserTexts(actions: MiniFile, docker: MiniFile): MiniProtocol["texts"] {
  const literal = (file: MiniFile, pattern: RegExp) => {
    const m = pattern.exec(file.text);
    return m === null ? undefined : (JSON.parse(`"${m[1]!}"`) as string);
  };
  const texts = {
    noToolCalls: literal(actions, /error="((?:[^"\\]|\\.)*)"/),
    unknownTool: literal(actions, /error_msg \+= f"(Unknown tool [^"]*)"/),
    missingCommand: literal(actions, /error_msg \+= "((?:[^"\\]|\\.)*)"/),
    argumentsError: literal(actions, /error_msg = f"(Error parsing tool call arguments: [^"]*)"/),
    executionError: literal(docker, /"exception_info": f"([^"]*\{e\})"/),
  };
  return Object.fromEntries(Object.entries(texts).filter(([, v]) => v !== undefined));
}

/** The instance template's code line that prints a finish marker (e.g. `echo <marker> && git add -A && git diff --cached`). */
function submitCommandOf(p: MiniProtocol): string | undefined {
  const lines = p.templates.instance.split("\n").map((line) => line.trim());
  return lines.find((line) => p.finishMarkers.some((marker) => line.includes(marker)) && !line.startsWith("`") && /^echo\b/.test(line)) ??
    lines.find((line) => p.finishMarkers.some((marker) => line.includes(marker)) && !line.includes(" "));
}
