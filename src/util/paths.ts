import { fileURLToPath } from "node:url";

/** The sera-bench checkout (or installed package): the folder holding package.json, harness/ and bin/. */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A path inside the project, e.g. `projectPath("harness/specs/")`. */
export function projectPath(relative: string): string {
  return fileURLToPath(new URL(relative, new URL("../../", import.meta.url)));
}
