import { pyHead, pyLen, pyStrip } from "../util/python/str.ts";

/** The model-facing texts SWE-agent builds around a command's output (agents.py, TemplateConfig). */
export interface ObservationTemplates {
  /** next_step_template of the agent config; `{{observation}}` is replaced. */
  readonly nextStep: string;
  /** next_step_no_output_template. */
  readonly noOutput: string;
  readonly maxObservationLength: number;
}

export const DEFAULT_TEMPLATES: ObservationTemplates = {
  nextStep: "OBSERVATION:\n{{observation}}",
  noOutput: "Your last command ran successfully and did not produce any output.",
  maxObservationLength: 100_000,
};

/** add_step_to_history: no-output template, clipped template (past the limit), or the next-step one. */
export function renderObservation(observation: string, templates: ObservationTemplates): string {
  if (pyStrip(observation) === "") return templates.noOutput;
  const length = pyLen(observation);
  const max = templates.maxObservationLength;
  if (length > max) {
    return (
      `Observation: ${pyHead(observation, max)}<response clipped><NOTE>Observations should not exceeded ${max} characters. ` +
      `${length - max} characters were elided. Please try a different command that produces less output or use head/tail/grep/redirect the output to a file. Do not use interactive pagers.</NOTE>`
    );
  }
  return templates.nextStep.replaceAll("{{observation}}", () => observation);
}

export function timeoutMessage(command: string, timeoutSeconds: number): string {
  return (
    `The command '${command}' was cancelled because it took more than ${timeoutSeconds} seconds. ` +
    "Please try a different command that completes more quickly. " +
    "Note: A common source of this error is if the command is interactive or requires user input " +
    "(it is impossible to receive user input in the current environment, so the command will never complete)."
  );
}

export function syntaxErrorMessage(stdout: string, stderr: string): string {
  return (
    "Your bash command contained syntax errors and was NOT executed. " +
    "Please fix the syntax errors and try again. This can be the result " +
    `of not adhering to the syntax for multi-line commands. Here is the output of \`bash -n\`:\n${stdout}\n${stderr}`
  );
}
