/** mini-swe-agent's SWE-bench protocol at a tag, as read from its files (protocol/mini/config.ts). */
export interface MiniProtocol {
  /** The tag the files are (or are based on), e.g. "v1.17.2". */
  readonly tag: string;
  /** "1": the action is the one ```bash block of the reply text; "2": `bash` tool calls. */
  readonly major: "1" | "2";
  readonly templates: {
    readonly system: string;
    readonly instance: string;
    /** v1 action_observation_template, v2 model.observation_template. */
    readonly observation: string;
    readonly formatError: string;
    /** v1 only (agents/default.py's default unless the config sets it). */
    readonly timeout?: string;
  };
  /** v1: the regex that finds the action in the reply (Python syntax, DOTALL). */
  readonly actionRegex?: string;
  /** v2: the tool the model is given (models/utils/actions_toolcall.py BASH_TOOL). */
  readonly bashTool?: Readonly<Record<string, unknown>>;
  /** The first output line that submits (agents/default.py v1, environments/docker.py v2). */
  readonly finishMarkers: readonly string[];
  /** v2: the submission counts only when the command exited 0. */
  readonly submitNeedsZeroExit: boolean;
  /** The command the instance template tells the model to run to submit (the scripted model plays it). */
  readonly submitCommand: string | undefined;
  readonly stepLimit: number;
  readonly costLimit: number;
  /** v2: format errors in a row that end the run (0 = no limit; v1 has none). */
  readonly maxConsecutiveFormatErrors: number;
  readonly environment: {
    readonly cwd: string;
    readonly timeoutSeconds: number;
    readonly env: Readonly<Record<string, string>>;
    /** The command each action runs under, the action appended (v1 ["bash", "-lc"]). */
    readonly interpreter: readonly string[];
  };
  /** The config's model_kwargs (temperature...), as mini passes them to litellm. */
  readonly modelKwargs: Readonly<Record<string, unknown>>;
  /** v2 texts of the parser and the environment (actions_toolcall.py, docker.py). */
  readonly texts: {
    readonly noToolCalls?: string;
    readonly unknownTool?: string;
    readonly missingCommand?: string;
    readonly argumentsError?: string;
    readonly executionError?: string;
  };
  /** Values the templates can name besides the call's own (the agent, environment and model configs). */
  readonly templateVars: Readonly<Record<string, unknown>>;
}

/** The model-facing parts and settings, each one value: what must equal the tag's for a run to be "published". */
export function miniParts(p: MiniProtocol): Record<string, unknown> {
  return {
    system_template: p.templates.system,
    instance_template: p.templates.instance,
    observation_template: p.templates.observation,
    format_error_template: p.templates.formatError,
    timeout_template: p.templates.timeout ?? null,
    action_regex: p.actionRegex ?? null,
    bash_tool: p.bashTool ?? null,
    submission: { markers: p.finishMarkers, zero_exit: p.submitNeedsZeroExit },
    limits: { step_limit: p.stepLimit, cost_limit: p.costLimit, max_consecutive_format_errors: p.maxConsecutiveFormatErrors },
    environment: p.environment,
    model_kwargs: p.modelKwargs,
    parser_texts: p.texts,
  };
}
