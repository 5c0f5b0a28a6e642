/** SWE-ReX `_strip_control_chars`: drop ANSI escape sequences, then turn "\r\n" into "\n". */
const ANSI_ESCAPE = /\x1B[@-_][0-?]*[ -/]*[@-~]/g;

export function stripControlChars(text: string): string {
  return text.replace(ANSI_ESCAPE, "").replaceAll("\r\n", "\n");
}
