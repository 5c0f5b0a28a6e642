import { DatasetError } from "./errors.ts";

const INSTANCE_ID = /^[\w.-]+$/;

/**
 * A subset list: one instance id per line; "#" starts a comment (whole line or trailing);
 * blank lines are ignored; repeated ids count once. Pure: `path` only names the file in errors.
 */
export function parseSubsetText(text: string, path: string): string[] {
  const ids = new Set<string>();
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const id = (line.split("#", 1)[0] ?? "").trim();
    if (id === "") continue;
    if (!INSTANCE_ID.test(id)) {
      throw new DatasetError(
        `${path} line ${index + 1}: invalid instance id "${id}": expected one id per line (letters, digits, '_', '.', '-'), '#' for comments`,
      );
    }
    ids.add(id);
  }
  return [...ids];
}
