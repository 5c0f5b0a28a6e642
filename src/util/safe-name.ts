/**
 * A name that becomes a path component or a command-line word: run ids, instance ids. Letters,
 * digits, '_', '.', '-'; starting with a letter or digit (no '-rf', no '.hidden'); no '..'.
 */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const SAFE_NAME_RULE = "letters, digits, '_', '.', '-' (starting with a letter or digit, no '..')";

export function isSafeName(value: string): boolean {
  return SAFE_NAME.test(value) && !value.includes("..");
}
