import type { Sandbox } from "../sandbox/types.ts";

export const PATCH_PATH_IN_CONTAINER = "/tmp/patch.diff";

/** The official order (v4.1.0): stop at the first command that exits 0; the tree is not reset between tries. */
export const APPLY_COMMANDS: readonly (readonly string[])[] = [
  ["git", "apply", "--verbose", PATCH_PATH_IN_CONTAINER],
  ["git", "apply", "--verbose", "--reject", PATCH_PATH_IN_CONTAINER],
  ["patch", "--batch", "--fuzz=5", "-p1", "-i", PATCH_PATH_IN_CONTAINER],
];

export interface ApplyAttempt {
  readonly command: string;
  readonly exitCode: number | null;
  readonly output: string;
}

export type ApplyResult =
  | { readonly ok: true; readonly method: string; readonly output: string; readonly attempts: readonly ApplyAttempt[] }
  | { readonly ok: false; readonly output: string; readonly attempts: readonly ApplyAttempt[] };

export async function applyPatch(sandbox: Sandbox, timeoutMs: number): Promise<ApplyResult> {
  const attempts: ApplyAttempt[] = [];
  for (const argv of APPLY_COMMANDS) {
    const result = await sandbox.exec(argv, { workdir: "/testbed", user: "root", timeoutMs });
    const attempt = { command: argv.join(" "), exitCode: result.exitCode, output: result.output };
    attempts.push(attempt);
    if (result.exitCode === 0) return { ok: true, method: attempt.command, output: result.output, attempts };
  }
  return { ok: false, output: attempts.at(-1)?.output ?? "", attempts };
}

const TELLING = /^(error|fatal):|does not apply|patch failed|malformed|corrupt|can't find file|Only garbage|not supported|hunks? FAILED/i;

/**
 * One line saying why a patch did not apply, for reports and progress output: the first telling
 * line of the attempts in order, so git apply's own error ("corrupt binary patch at line 12") wins
 * over what the last fallback printed on its way ("patching file x").
 */
export function applyFailureReason(result: ApplyResult): string {
  const linesOf = (output: string) => output.split("\n").map((line) => line.trim()).filter((line) => line.length > 0);
  const telling = result.attempts.flatMap((attempt) => linesOf(attempt.output)).find((line) => TELLING.test(line));
  return `patch did not apply (${APPLY_COMMANDS.length} methods tried): ${telling ?? linesOf(result.output)[0] ?? "no output"}`;
}
