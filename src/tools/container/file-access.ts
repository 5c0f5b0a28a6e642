import type { HelperShell, ScriptResult } from "./helper-shell.ts";
import { shellQuote } from "./helper-shell.ts";
import { SeraBenchError } from "../../util/errors.ts";

export type PathKind = "missing" | "file" | "directory";

/** What the editor and submit need from the container's file system (all paths absolute). */
export interface FileAccess {
  /** Following symlinks, like pathlib's exists()/is_dir(). */
  kind(path: string): Promise<PathKind>;
  read(path: string): Promise<Uint8Array>;
  write(path: string, data: Uint8Array): Promise<void>;
  /** Run a /bin/sh command line in `cwd` (as Python's subprocess.run(shell=True, cwd=…)). */
  shell(command: string, cwd: string): Promise<ScriptResult>;
}

export class FileAccessError extends SeraBenchError {
  override readonly name = "FileAccessError";
}

/** FileAccess through the helper shell: one round trip per operation. */
export class HelperFileAccess implements FileAccess {
  constructor(private readonly helper: HelperShell) {}

  async kind(path: string): Promise<PathKind> {
    const p = shellQuote(path);
    const out = await this.helper.text(`if [ -d ${p} ]; then echo d; elif [ -e ${p} ]; then echo f; else echo m; fi`, `checking ${path}`);
    return out.trim() === "d" ? "directory" : out.trim() === "f" ? "file" : "missing";
  }

  async read(path: string): Promise<Uint8Array> {
    const result = await this.helper.run(`cat -- ${shellQuote(path)}`);
    if (result.exitCode !== 0) throw new FileAccessError(result.stderr.toString("utf8").trim() || `could not read ${path}`);
    return result.stdout;
  }

  async write(path: string, data: Uint8Array): Promise<void> {
    const encoded = Buffer.from(data).toString("base64");
    const result = await this.helper.run(`printf '%s' '${encoded}' | base64 -d > ${shellQuote(path)}`);
    if (result.exitCode !== 0) throw new FileAccessError(result.stderr.toString("utf8").trim() || `could not write ${path}`);
  }

  shell(command: string, cwd: string): Promise<ScriptResult> {
    return this.helper.run(`cd ${shellQuote(cwd)} 2>/dev/null || cd /; /bin/sh -c ${shellQuote(command)}`);
  }
}
