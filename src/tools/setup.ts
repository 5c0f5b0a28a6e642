import { BUNDLES } from "./bridge/shims.ts";
import type { SweAgentToolsConfig } from "./config.ts";
import { shlexQuote } from "./text/shlex.ts";

const BASE_ENV: Readonly<Record<string, string>> = { LANG: "C.UTF-8", LC_ALL: "C.UTF-8", PIP_PROGRESS_BAR: "off", PAGER: "cat" };

/** SWE-agent's `set_env_variables`: `export K=<quoted> && …`. */
function exports(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([key, value]) => `export ${key}=${shlexQuote(value)}`)
    .join(" && ");
}

/**
 * The commands SWE-agent sends through the session before the first turn, in its order:
 * base env (swe_env), repo reset (cd + ROOT), tool env, PATH per bundle (+ the registry's
 * PYTHONPATH), back to the repo, tool env again (reset), PROBLEM_STATEMENT. Divergence: the
 * bundles' install.sh are not run (edit_anthropic's `pip install tree-sitter…` is skipped).
 */
export function setupCommands(config: SweAgentToolsConfig): string[] {
  const commands = [exports(BASE_ENV), [`cd /${config.repoRoot.replace(/^\/+/, "")}`, "export ROOT=$(pwd -P)", ...config.repoResetCommands].join(" && ")];
  commands.push(exports(config.envVariables), "pwd");
  for (const bundle of BUNDLES) {
    const path = `export PATH=/root/tools/${bundle}/bin:$PATH`;
    commands.push(bundle === "registry" ? `${path} && export PYTHONPATH="/root/tools/registry/lib":$PYTHONPATH` : path);
  }
  commands.push(`cd ${config.repoRoot}`, "echo $PATH", exports(config.envVariables));
  if (config.problemStatement !== undefined) commands.push(exports({ PROBLEM_STATEMENT: config.problemStatement }));
  return commands.filter((command) => command !== "");
}
