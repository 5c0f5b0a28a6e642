import { decodeBackslashReplace, decodePythonText } from "../bash/decode.ts";
import type { FileAccess } from "../container/file-access.ts";
import { parseEditorArgv } from "../editor/argparse.ts";
import { EditorProcess, type ToolProcessResult } from "../editor/editor.ts";
import { pythonFilemap } from "../editor/filemap.ts";
import { Registry } from "./registry.ts";
import { pyJsonDumps } from "../../util/python/json-dumps.ts";
import { pyJsonLoadsOr } from "../../util/python/json-loads.ts";
import { pyStrip } from "../../util/python/str.ts";
import { pyStr, type PyValue } from "../../util/python/value.ts";

export const MODEL_PATCH = "/root/model.patch";
export const STATE_FILE = "/root/state.json";

/** One call of a tool executable from inside the container (see shims.ts). */
export interface ToolRequest {
  readonly tool: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: ReadonlyMap<string, string>;
}

/** What the container offers the tools, found when the session starts (see python-probe.ts). */
export interface ToolEnvironment {
  /** tree-sitter would be installed by edit_anthropic's install.sh (testbed Python >= 3.6). */
  filemapAvailable: boolean;
  /** The repository's diff as the state command last took it (on the host: it outlives the container). */
  lastDiff?: string;
}

export type ToolHandler = (request: ToolRequest, files: FileAccess, environment: ToolEnvironment) => Promise<ToolProcessResult>;

const ok = (stdout = ""): ToolProcessResult => ({ stdout, stderr: "", exitCode: 0 });

export const TOOL_HANDLERS: Readonly<Record<string, ToolHandler>> = {
  str_replace_editor: runEditor,
  submit: runSubmit,
  _state_anthropic: stateAnthropic,
  _state_diff_state: stateDiffState,
};

async function runEditor(request: ToolRequest, files: FileAccess, environment: ToolEnvironment): Promise<ToolProcessResult> {
  const parsed = parseEditorArgv(request.argv);
  if (!parsed.ok) return parsed;
  const useFilemap = pyStr((await new Registry(files, request.env).get("USE_FILEMAP")) ?? { t: "str", v: "false" }).toLowerCase() === "true";
  const filemap = environment.filemapAvailable ? { filemap: pythonFilemap } : {};
  return new EditorProcess({ files, cwd: request.cwd, useFilemap, ...filemap }).run(parsed.args);
}

/**
 * `git add -A && git diff --cached > /root/model.patch` in the repo root; the patch as SWE-agent
 * reads it: Python text (utf-8, backslashreplace, universal newlines: CRLF and CR become LF).
 */
export async function refreshPatch(files: FileAccess, root: string | undefined, cwd: string): Promise<string> {
  await files.shell(`git add -A && git diff --cached > ${MODEL_PATCH}`, root ?? cwd);
  return decodePythonText(await files.read(MODEL_PATCH));
}

async function runSubmit(request: ToolRequest, files: FileAccess): Promise<ToolProcessResult> {
  const force = request.argv.some((arg) => arg === "-f" || arg === "--force");
  const unknown = request.argv.filter((arg) => arg !== "-f" && arg !== "--force");
  if (unknown.length > 0) return { stdout: "", stderr: `usage: submit [-h] [-f]\nsubmit: error: unrecognized arguments: ${unknown.join(" ")}\n`, exitCode: 2 };
  const registry = new Registry(files, request.env);
  const root = await registry.get("ROOT");
  if (root === undefined || pyStr(root) === "") return { stdout: "", stderr: "Traceback (most recent call last):\nAssertionError\n", exitCode: 1 };
  const patch = await refreshPatch(files, pyStr(root), request.cwd);
  const messages = await registry.get("SUBMIT_REVIEW_MESSAGES");
  const stages = messages?.t === "list" ? messages.v : [];
  const stage = await registry.get("SUBMIT_STAGE");
  const current = stage?.t === "int" ? Number(stage.v) : 0;
  const message = stages[current];
  if (!force && current !== stages.length && message !== undefined) {
    const problem = await registry.get("PROBLEM_STATEMENT");
    const text = pyStr(message).replaceAll("{{diff}}", patch).replaceAll("{{problem_statement}}", problem === undefined ? "" : pyStr(problem));
    await registry.set("SUBMIT_STAGE", { t: "int", v: BigInt(current + 1) });
    return ok(`${text}\n`);
  }
  return ok(`<<SWE_AGENT_SUBMISSION>>\n${patch}\n<<SWE_AGENT_SUBMISSION>>\n`);
}

async function readState(files: FileAccess): Promise<Map<string, PyValue>> {
  if ((await files.kind(STATE_FILE)) === "missing") return new Map();
  const value = pyJsonLoadsOr(decodeBackslashReplace(await files.read(STATE_FILE)));
  return value?.t === "dict" ? new Map(value.v) : new Map();
}

async function writeState(files: FileAccess, state: Map<string, PyValue>): Promise<void> {
  await files.write(STATE_FILE, Buffer.from(pyJsonDumps({ t: "dict", v: state }), "utf8"));
}

async function stateAnthropic(request: ToolRequest, files: FileAccess): Promise<ToolProcessResult> {
  const state = await readState(files);
  state.set("working_dir", { t: "str", v: request.cwd });
  await writeState(files, state);
  return ok();
}

async function stateDiffState(request: ToolRequest, files: FileAccess, environment: ToolEnvironment): Promise<ToolProcessResult> {
  const state = await readState(files);
  try {
    const root = await new Registry(files, request.env).get("ROOT");
    const patch = await refreshPatch(files, root === undefined ? undefined : pyStr(root), request.cwd);
    environment.lastDiff = patch;
    state.set("diff", { t: "str", v: pyStrip(patch) });
  } catch {
    state.set("diff", { t: "str", v: "" });
  }
  await writeState(files, state);
  return ok();
}
