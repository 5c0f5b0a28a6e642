/**
 * The scripted solutions (SWE-agent tool calls: bash, str_replace_editor, submit) played the way a
 * model answers under mini-swe-agent's protocol: every call becomes one shell command, sent as the
 * one ```bash block of the reply text (v1) or as a `bash` tool call (v2); `submit` becomes the
 * submit command the protocol's instance template gives (the caller reads it from the config).
 */
import type { ScriptedCall, Step } from "./steps.ts";

export interface MiniPlay {
  /** "text": one ```bash block in the reply (v1); "tool": a tool call named `toolName` (v2). */
  readonly format: "text" | "tool";
  readonly toolName: string;
  /** The command that submits (e.g. the config's `echo <marker> && ...`). */
  readonly submitCommand: string;
  /** A file the submit command prints (v2 `cat patch.txt`): written with the diff just before submitting. */
  readonly patchFile?: string;
}

/** The steps of one solution under mini's protocol (everything after the first submit is dropped). */
export function miniSteps(calls: readonly ScriptedCall[], play: MiniPlay): Step[] {
  const commands: string[] = [];
  for (const call of calls) {
    if (call.name === "submit") {
      if (play.patchFile !== undefined) commands.push(`git diff > ${quote(play.patchFile)}`);
      commands.push(play.submitCommand);
      break;
    }
    const command = commandOf(call);
    if (command !== undefined) commands.push(command);
  }
  return commands.map((command, i) => stepOf(command, i, play));
}

function stepOf(command: string, index: number, play: MiniPlay): Step {
  if (play.format === "tool") return { type: "tool_calls", calls: [{ name: play.toolName, arguments: { command } }], content: "" };
  return { type: "text", content: `THOUGHT: step ${index + 1} of the scripted solution.\n\n\`\`\`bash\n${command}\n\`\`\``, finishReason: "stop" };
}

function args(call: ScriptedCall): Record<string, unknown> {
  if (typeof call.arguments !== "string") return call.arguments;
  try {
    return JSON.parse(call.arguments) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** A shell command doing what the call did; undefined for a call that has none. */
function commandOf(call: ScriptedCall): string | undefined {
  const a = args(call);
  if (call.name === "bash") return typeof a.command === "string" ? a.command : undefined;
  if (call.name !== "str_replace_editor") return undefined;
  const path = String(a.path ?? "");
  switch (a.command) {
    case "view":
      return `cat -n ${quote(path)}`;
    case "create":
      return python(`import pathlib\npathlib.Path(${JSON.stringify(path)}).write_text(${JSON.stringify(String(a.file_text ?? ""))})\n`);
    case "str_replace":
      return python(
        `import pathlib\np = pathlib.Path(${JSON.stringify(path)})\nt = p.read_text()\nold, new = ${JSON.stringify(String(a.old_str ?? ""))}, ${JSON.stringify(String(a.new_str ?? ""))}\n` +
          "assert t.count(old) == 1, 'old_str must occur exactly once'\np.write_text(t.replace(old, new, 1))\n",
      );
    case "insert":
      return python(
        `import pathlib\np = pathlib.Path(${JSON.stringify(path)})\nlines = p.read_text().split('\\n')\nlines[${Number(a.insert_line ?? 0)}:${Number(a.insert_line ?? 0)}] = ${JSON.stringify(String(a.new_str ?? ""))}.split('\\n')\np.write_text('\\n'.join(lines))\n`,
      );
    default:
      return undefined;
  }
}

/** A Python program run without quoting trouble: base64 through the shell. */
function python(program: string): string {
  return `echo ${Buffer.from(program, "utf8").toString("base64")} | base64 -d | python3`;
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
