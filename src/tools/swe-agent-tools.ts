import type { Sandbox } from "../sandbox/types.ts";
import { SandboxError } from "../sandbox/types.ts";
import { decodePythonText } from "./bash/decode.ts";
import { BashSession, type BashRunResult } from "./bash/session.ts";
import { MODEL_PATCH, refreshPatch, STATE_FILE } from "./bridge/handlers.ts";
import type { ToolEnvironment } from "./bridge/handlers.ts";
import { ToolBridge } from "./bridge/bridge.ts";
import { REGISTRY_FILE } from "./bridge/registry.ts";
import { BRIDGE_DIR } from "./bridge/shims.ts";
import type { SweAgentToolsConfig } from "./config.ts";
import { HelperFileAccess, type FileAccess } from "./container/file-access.ts";
import { HelperShell } from "./container/helper-shell.ts";
import { renderObservation, syntaxErrorMessage, timeoutMessage } from "./observation.ts";
import { blockedMessage, isBlocked } from "./parse/blocklist.ts";
import { formatErrorMessage } from "./parse/format-errors.ts";
import { parseToolCalls, type ToolCall } from "./parse/function-call.ts";
import { filemapInstallable, parsePythonVersion, PYTHON_VERSION_PROBE } from "./python-probe.ts";
import { setupCommands } from "./setup.ts";
import { pyJsonDumps } from "../util/python/json-dumps.ts";
import { pyStrip } from "../util/python/str.ts";
import { fromJs } from "../util/python/value.ts";
import { SeraBenchError } from "../util/errors.ts";

export type { ToolCall } from "./parse/function-call.ts";

export type ToolStepResult =
  /** `message` is the tool message for the model (templated); `output` the raw observation. */
  | { readonly kind: "observation"; readonly action: string; readonly message: string; readonly output: string; readonly exitCode: number | null; readonly durationMs: number; readonly timedOut: boolean }
  /** Not executed: the model is asked again with `message` (a user message after its reply). */
  | { readonly kind: "requery"; readonly message: string; readonly reason: "format" | "blocked" | "syntax"; readonly action?: string }
  /** The second `submit` (or `submit -f`): the episode ends; `patch` is null when blank. */
  | { readonly kind: "submitted"; readonly action: string; readonly patch: string | null; readonly observation: string }
  /** The action was exactly `exit` (observation "Exited"). */
  | { readonly kind: "exit"; readonly message: "Exited" }
  /** What SWE-agent does not recover from (it ends the run with exit_error and autosubmits). */
  | { readonly kind: "error"; readonly message: string; readonly environment: boolean };

const STATE_COMMANDS = ["_state_anthropic", "_state_diff_state"];
/** swe_env.communicate's default timeout, used for the state commands. */
const STATE_TIMEOUT_MS = 25_000;
const SUBMISSION_MARKER = "<<SWE_AGENT_SUBMISSION>>";
/** Tries for a setup command whose exit code could not be read (the session synchronises in between). */
const SETUP_ATTEMPTS = 3;

/** What the tools found in the container (recorded in the trajectory). */
export type ToolsEnvironmentInfo = {
  /** The testbed's python3 as the bundles see it ("3.11"), or null when there is none. */
  readonly python: string | null;
  /** Whether large Python files get the filemap view (edit_anthropic's tree-sitter installs there). */
  readonly filemap: boolean;
};

/**
 * SWE-agent's tool side for one rollout: a persistent bash session in the sandbox, the bundles
 * registry / edit_anthropic / review_on_submit_m / diff_state, and the function-calling parser.
 * `execute` takes the model's tool calls of one reply and returns what the agent loop does next.
 */
export class SweAgentTools {
  private errors: unknown[] = [];
  private python: string | null = null;

  private constructor(
    private readonly config: SweAgentToolsConfig,
    private readonly helper: HelperShell,
    private readonly files: FileAccess,
    private readonly bridge: ToolBridge,
    private readonly session: BashSession,
    private readonly environment: ToolEnvironment,
  ) {}

  static async start(sandbox: Sandbox, config: SweAgentToolsConfig): Promise<SweAgentTools> {
    const helper = await HelperShell.start(sandbox);
    const files = new HelperFileAccess(helper);
    const errors: unknown[] = [];
    const environment: ToolEnvironment = { filemapAvailable: false };
    const bridge = await ToolBridge.start(sandbox, helper, files, (error) => errors.push(error), environment);
    const timeouts = config.sessionSyncTimeoutMs === undefined ? {} : { syncTimeoutMs: config.sessionSyncTimeoutMs };
    const session = await BashSession.start(sandbox, helper, { startupSource: config.startupSource, pidFile: `${BRIDGE_DIR}/session.pid`, ...timeouts });
    const tools = new SweAgentTools(config, helper, files, bridge, session, environment);
    tools.errors = errors;
    await tools.setup();
    return tools;
  }

  /** The tool calls of one model reply (SWE-agent needs exactly one). */
  async execute(calls: ToolCall | readonly ToolCall[]): Promise<ToolStepResult> {
    const parsed = parseToolCalls(Array.isArray(calls) ? calls : [calls as ToolCall], this.config.tools);
    if (!parsed.ok && parsed.code === "crash") return { kind: "error", message: `Exit due to unknown error: ${parsed.message}`, environment: false };
    if (!parsed.ok) return { kind: "requery", reason: "format", message: formatErrorMessage(this.config.formatErrorTemplate, parsed.code, parsed.message) };
    return this.executeAction(parsed.action);
  }

  /** An action already in SWE-agent's command form (e.g. a SWE-agent trajectory's `action`): blocklist, `exit`, or run it. */
  async executeAction(action: string): Promise<ToolStepResult> {
    if (isBlocked(action, this.config.blocklist)) return { kind: "requery", reason: "blocked", action, message: blockedMessage(action) };
    if (pyStrip(action) === "exit") {
      await this.runStateCommands();
      return { kind: "exit", message: "Exited" };
    }
    return this.runAction(action);
  }

  /** The repository's changes now (`git add -A && git diff --cached`), e.g. for an autosubmission. */
  async diff(): Promise<string> {
    return refreshPatch(this.files, this.config.repoRoot, this.config.repoRoot);
  }

  /** The diff the state command took after the last step (undefined before the first): what is left when the container is gone. */
  lastDiff(): string | undefined {
    return this.environment.lastDiff;
  }

  describeEnvironment(): ToolsEnvironmentInfo {
    return { python: this.python, filemap: this.environment.filemapAvailable };
  }

  /** Problems of the tool bridge since the last call (a handler that threw); for logs. */
  takeErrors(): unknown[] {
    return this.errors.splice(0);
  }

  close(): void {
    this.session.close();
    this.bridge.close();
    this.helper.close();
  }

  private async runAction(action: string): Promise<ToolStepResult> {
    const command = pyStrip(action);
    let result: BashRunResult;
    try {
      result = await this.session.run(command, this.config.executionTimeoutSeconds * 1000);
    } catch (error) {
      return { kind: "error", message: `Exit due to environment error: ${String(error)}`, environment: true };
    }
    if (result.kind === "syntax_error") return { kind: "requery", reason: "syntax", action, message: syntaxErrorMessage(result.stdout, result.stderr) };
    const timedOut = result.kind === "timeout";
    if (timedOut) {
      const interrupted = await this.session.interrupt().then(() => undefined, (error: unknown) => error);
      // Interrupting fails when the sandbox itself is gone: that is the environment, not the tools.
      if (interrupted !== undefined) return { kind: "error", message: `Exit due to runtime error: ${String(interrupted)}`, environment: interrupted instanceof SandboxError };
    }
    const output = result.kind === "output" ? result.output : timeoutMessage(command, this.config.executionTimeoutSeconds);
    await this.runStateCommands();
    if (output.includes(SUBMISSION_MARKER)) return this.submission(action);
    const exitCode = result.kind === "output" ? result.exitCode : null;
    return { kind: "observation", action, message: renderObservation(output, this.config.templates), output, exitCode, durationMs: result.durationMs, timedOut };
  }

  /** handle_submission: the observation becomes /root/model.patch, read as Python text (backslashreplace, universal newlines). */
  private async submission(action: string): Promise<ToolStepResult> {
    const patch = decodePythonText(await this.files.read(MODEL_PATCH));
    return { kind: "submitted", action, patch: pyStrip(patch) === "" ? null : patch, observation: patch };
  }

  private async runStateCommands(): Promise<void> {
    for (const command of STATE_COMMANDS) await this.session.run(command, STATE_TIMEOUT_MS);
  }

  /** The session commands SWE-agent sends before the first model turn (see setup.ts). */
  private async setup(): Promise<void> {
    await this.files.write(REGISTRY_FILE, Buffer.from(pyJsonDumps(fromJs(this.config.registryVariables)), "utf8"));
    await this.files.write(STATE_FILE, Buffer.from("{}"));
    for (const command of setupCommands(this.config)) {
      const result = await this.runSetupCommand(command, 120_000);
      if (result.kind !== "output" || result.exitCode !== 0) {
        throw new SeraBenchError(`setting up the bash session failed at ${JSON.stringify(command.slice(0, 200))}: ${JSON.stringify(result).slice(0, 500)}`);
      }
    }
    await this.probeFilemap();
    await this.runStateCommands();
  }

  /**
   * A command run before the model sees anything, again when its exit code could not be read (the
   * session was out of step, or still is: it synchronises before the next try). Divergence: SWE-agent
   * fails the run there. The commands are exports, `cd` and probes: one that ran twice does no harm.
   */
  private async runSetupCommand(command: string, timeoutMs: number): Promise<BashRunResult> {
    let result = await this.session.run(command, timeoutMs);
    for (let attempt = 1; attempt < SETUP_ATTEMPTS && result.kind === "output" && result.exitCode === null; attempt++) {
      result = await this.session.run(command, timeoutMs);
    }
    return result;
  }

  /** Where SWE-agent runs edit_anthropic's install.sh: the testbed Python decides whether tree-sitter installs. */
  private async probeFilemap(): Promise<void> {
    const result = await this.runSetupCommand(PYTHON_VERSION_PROBE, 60_000);
    const version = result.kind === "output" && result.exitCode === 0 ? parsePythonVersion(result.output) : undefined;
    this.python = version === undefined ? null : version.join(".");
    this.environment.filemapAvailable = filemapInstallable(version);
  }
}
