import { accessSync, constants } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

/**
 * Machine packages are installed by the test command (`npm test` runs scripts/ensure-test-deps.sh
 * before vitest), never by a test: a test only checks that what it needs is there.
 */
export const SETUP_SCRIPT = "scripts/ensure-test-deps.sh";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `command` (a name looked up on PATH, or an absolute path) can be run. */
export function hasCommand(command: string): boolean {
  if (isAbsolute(command)) return executable(command);
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && executable(join(dir, command)));
}

/** Throws, naming the Debian package and the script that installs it, when a command is missing. */
export function requireCommands(debianPackage: string, ...commands: string[]): void {
  const missing = commands.filter((command) => !hasCommand(command));
  if (missing.length === 0) return;
  throw new Error(
    `${missing.join(", ")} not found (Debian package ${debianPackage}): run \`bash ${SETUP_SCRIPT}\` ` +
    "(npm test runs it before any test; tests install nothing themselves)",
  );
}
