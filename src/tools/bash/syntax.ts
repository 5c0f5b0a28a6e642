import type { HelperShell } from "../container/helper-shell.ts";
import { shellQuote } from "../container/helper-shell.ts";
import { decodeBackslashReplace } from "./decode.ts";

export type SyntaxCheck = { readonly ok: true } | { readonly ok: false; readonly stdout: string; readonly stderr: string };

/** SWE-ReX `_check_bash_command`: `bash -n` on a quoted here-document, run by /bin/sh in the container. */
export async function checkBashSyntax(helper: HelperShell, command: string): Promise<SyntaxCheck> {
  const check = `/usr/bin/env bash -n << 'SOUNIQUEEOF'\n${command}\nSOUNIQUEEOF`;
  const result = await helper.run(`/bin/sh -c ${shellQuote(check)}`);
  if (result.exitCode === 0) return { ok: true };
  return { ok: false, stdout: decodeBackslashReplace(result.stdout), stderr: decodeBackslashReplace(result.stderr) };
}
