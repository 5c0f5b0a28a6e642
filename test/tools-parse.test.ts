import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitBashCommand } from "../src/tools/bash/split.ts";
import { defaultTools } from "../src/tools/config.ts";
import { renderObservation, DEFAULT_TEMPLATES } from "../src/tools/observation.ts";
import { DEFAULT_BLOCKLIST, isBlocked, blockedMessage } from "../src/tools/parse/blocklist.ts";
import { formatErrorMessage } from "../src/tools/parse/format-errors.ts";
import { pyDedent, pythonClassAttribute } from "../src/protocol/python-source.ts";
import { SHARED_DATA } from "./helpers/shared.ts";
import { parseToolCalls, type ParsedCall } from "../src/tools/parse/function-call.ts";
import { functionTool, toolsFromBundleConfig } from "../src/tools/parse/tool-definition.ts";

const tools = defaultTools();
const call = (name: string, args: unknown): ParsedCall => parseToolCalls([{ id: "c1", name, arguments: typeof args === "string" ? args : JSON.stringify(args) }], tools);
const action = (name: string, args: unknown): string => {
  const parsed = call(name, args);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.action;
};

describe("bash splitting matches bashlex (fixture from the real bashlex)", () => {
  const fixture = JSON.parse(readFileSync("test/fixtures/tools/bashlex-split.json", "utf8")) as { cases: { input: string; split?: string[]; error?: string }[] };
  for (const c of fixture.cases) {
    it(JSON.stringify(c.input).slice(0, 70), () => {
      const mine = splitBashCommand(c.input);
      if (c.error !== undefined) expect(mine.kind).toBe("unsupported");
      else expect(mine).toEqual({ kind: "split", commands: c.split });
    });
  }
});

describe("function call to action (FunctionCallingParser)", () => {
  it("builds the editor command with quoting, runs of spaces and a stripped end", () => {
    expect(action("str_replace_editor", { command: "view", path: "/p", view_range: [1, 5] })).toBe("str_replace_editor view /p  --view_range 1 5");
    expect(action("str_replace_editor", { command: "str_replace", path: "/p", old_str: "a = 'x'", new_str: "" })).toBe(
      "str_replace_editor str_replace /p   --old_str 'a = '\"'\"'x'\"'\"'' --new_str ''",
    );
    expect(action("str_replace_editor", { command: "view", path: "/p", view_range: "[1, 5]" })).toBe("str_replace_editor view /p  --view_range ' [ 1 ,   5 ] '");
    expect(action("str_replace_editor", { command: "create", path: "/p", file_text: null })).toBe("str_replace_editor create /p --file_text");
    expect(action("str_replace_editor", { command: "insert", path: "/p", insert_line: 3.0, new_str: "x" })).toBe("str_replace_editor insert /p    --new_str x --insert_line 3");
    expect(call("str_replace_editor", '{"command": "insert", "path": "/p", "insert_line": 3.0, "new_str": "x"}')).toEqual({
      ok: true,
      action: "str_replace_editor insert /p    --new_str x --insert_line 3.0",
    });
  });

  it("passes the bash command raw and does not check enums", () => {
    expect(action("bash", { command: "  ls 'a b'  \n" })).toBe("ls 'a b'");
    expect(action("str_replace_editor", { command: "delete", path: "/p" })).toBe("str_replace_editor delete /p");
    expect(action("submit", {})).toBe("submit");
  });

  // FunctionCallingParser.error_message as SERA's SWE-agent fork publishes it (the protocol loads it the same way).
  const parsingPy = join(SHARED_DATA, "sera-published", "allenai-SERA-SWE-agent", "sweagent", "tools", "parsing.py");
  const published = pyDedent(pythonClassAttribute(readFileSync(parsingPy, "utf8"), "FunctionCallingParser", "error_message", parsingPy));

  it("gives SWE-agent's requery texts, rendered from the published parser template", () => {
    const message = (parsed: ParsedCall) => (parsed.ok || parsed.code === "crash" ? "" : formatErrorMessage(published, parsed.code, parsed.message));
    expect(message(call("open_file", {}))).toBe("Your action could not be parsed properly: Command 'open_file' not found in list of available commands..\n");
    expect(message(call("str_replace_editor", { command: "view" }))).toBe("Your action could not be parsed properly: Required argument(s) missing: path.\n");
    expect(message(call("bash", { command: "ls", timeout: 5 }))).toBe(
      "Your action could not be parsed properly: Unexpected argument(s): timeout.\nMake sure your function call doesn't include any extra arguments that are not in the allowed arguments, and only use the allowed commands.",
    );
    expect(message(call("bash", "{not json"))).toBe("Your action could not be parsed properly: Tool call arguments are not valid JSON..\n");
    const two = { id: "x", name: "submit", arguments: "{}" };
    expect(message(parseToolCalls([two, two], tools))).toBe("Your last output included multiple tool calls!\nPlease make sure your output includes a thought and exactly _ONE_ function call.");
    expect(call("bash", "[1]")).toMatchObject({ ok: false, code: "crash" });
  });

  it("the no-tool-call re-query is FunctionCallingParser's 511-character text, not the XML parser's (departure (a))", () => {
    const missing = formatErrorMessage(published, "missing", "Expected exactly one tool call in model response - received 0 tool calls");
    expect(missing).toHaveLength(511);
    expect(missing.startsWith("Your last output did not use any tool calls!\n")).toBe(true);
    expect(missing).toContain("You cannot invoke commands with ```, you have to use the function call format.");
    expect(missing.endsWith("Else, please continue with a new tool call!")).toBe(true);
    // The XML parser's block, earlier in the same file, is the 329-character text a first-match extraction took.
    const xml = pyDedent(pythonClassAttribute(readFileSync(parsingPy, "utf8"), "XMLFunctionCallingParser", "error_message", parsingPy));
    expect(formatErrorMessage(xml, "missing", "")).toHaveLength(329);
  });

  it("reads Python string attributes: the class's own, escapes, continuation, dedent", () => {
    const source = 'class Other:\n    error_message = "not me"\n\nclass P:\n    error_message: str = dedent("""\\\n    A\\tB \\"q\\"\n      indented\n    """)\n';
    expect(pythonClassAttribute(source, "P", "error_message", "x.py")).toBe('A\tB "q"\n  indented\n');
    expect(() => pythonClassAttribute(source, "Missing", "error_message", "x.py")).toThrow(/x\.py: no class Missing/);
  });
});

describe("blocklist (ToolFilterConfig defaults)", () => {
  it("blocks by prefix, exact match and radare2 rule, only at the start", () => {
    for (const blocked of ["vim x", "virtualenv env", "make test", "python", "  bash  ", "tail -f log", "r2 bin"]) expect(isBlocked(blocked, DEFAULT_BLOCKLIST)).toBe(true);
    for (const allowed of ["true && vim --version", "python x.py", "ls", "radare2 -c 'pd 1' bin", ""]) expect(isBlocked(allowed, DEFAULT_BLOCKLIST)).toBe(false);
    expect(blockedMessage("vim x")).toBe("Operation 'vim x' is not supported by this environment.");
  });
});

describe("observation templates", () => {
  it("uses the no-output text for blank output and keeps output verbatim otherwise", () => {
    expect(renderObservation(" \n", DEFAULT_TEMPLATES)).toBe("Your last command ran successfully and did not produce any output.");
    expect(renderObservation("hello\n\n", DEFAULT_TEMPLATES)).toBe("OBSERVATION:\nhello\n\n");
  });

  it("clips past 100000 code points with the default template", () => {
    const text = "☃".repeat(99_999) + "😀ab";
    const message = renderObservation(text, DEFAULT_TEMPLATES);
    expect(message.startsWith("Observation: ☃")).toBe(true);
    expect(message).toContain("😀<response clipped><NOTE>Observations should not exceeded 100000 characters. 2 characters were elided.");
    expect(renderObservation("x".repeat(100_000), DEFAULT_TEMPLATES).startsWith("OBSERVATION:\n")).toBe(true);
  });
});

describe("tool schemas", () => {
  it("builds the function tools in SWE-agent's shape (our own-words definitions)", () => {
    const bash = functionTool(tools[0]!);
    expect(Object.keys(bash)).toEqual(["type", "function"]);
    expect(Object.keys(bash.function)).toEqual(["name", "description", "parameters"]);
    expect(bash.function.parameters).toEqual({ type: "object", properties: { command: { type: "string", description: tools[0]!.arguments[0]!.description } }, required: ["command"] });
    expect(functionTool(tools[2]!).function).toMatchObject({ name: "submit", parameters: { type: "object", properties: {}, required: [] } });
  });

  it("reads a SWE-agent bundle config.yaml", () => {
    const yaml = `tools:\n  ed:\n    signature: |\n      ed <command> [<view_range>]\n    docstring: >\n      Folded\n      text\n    arguments:\n      - name: command\n        type: string\n        description: "c"\n        required: true\n        enum: ["view"]\n      - name: view_range\n        type: array\n        items:\n          type: integer\n        description: "r"\n        required: false\n        argument_format: "--view_range {{value|join(' ')}}"\n`;
    const [ed] = toolsFromBundleConfig(yaml);
    expect(ed?.docstring).toBe("Folded text\n");
    expect(functionTool(ed!).function.parameters).toEqual({
      type: "object",
      properties: { command: { type: "string", description: "c", enum: ["view"] }, view_range: { type: "array", description: "r", items: { type: "integer" } } },
      required: ["command"],
    });
    expect(parseToolCalls([{ id: "1", name: "ed", arguments: '{"command": "view", "view_range": [2, 3]}' }], [ed!])).toEqual({ ok: true, action: "ed view --view_range 2 3" });
  });
});
