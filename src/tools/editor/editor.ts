import type { FileAccess } from "../container/file-access.ts";
import type { EditorArgs } from "./argparse.ts";
import { decodeFile, encodeFile, type FileEncoding } from "./codec.ts";
import { insertText, strReplace } from "./edits.ts";
import { makeOutput, maybeTruncate, MAX_RESPONSE_LEN } from "./format.ts";
import { pyExpandtabs, pyLen, pyPathParent, pyPathStr, pyPathSuffix } from "../../util/python/str.ts";
import { fromJs, pyRepr } from "../../util/python/value.ts";
import { SeraBenchError } from "../../util/errors.ts";

export interface ToolProcessResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface EditorContext {
  readonly files: FileAccess;
  /** The caller's working directory (Path.cwd() of the script). */
  readonly cwd: string;
  /** Registry USE_FILEMAP == "true". */
  readonly useFilemap: boolean;
  /** tree-sitter filemap of a Python file; throws when unavailable (the script then falls back). */
  readonly filemap?: (content: string, encoding: FileEncoding) => Promise<string>;
}

/** sys.exit(code) inside the tool. */
export class ToolExit extends SeraBenchError {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const FILEMAP_NOTE =
  "<NOTE>This file is too large to display entirely. Showing abbreviated version. Please use `str_replace_editor view` with the `view_range` parameter to show selected lines next.</NOTE>";
const FILEMAP_END =
  "<IMPORTANT><NOTE>The above file has been abbreviated. Please use `str_replace editor view` with `view_range` to look at relevant files in detail.</NOTE></IMPORTANT>";

/**
 * SWE-agent's str_replace_editor (tools/edit_anthropic) in TypeScript: same checks in the same
 * order, same messages, same exit codes; `print` is `say` (adds "\n").
 */
export class EditorProcess {
  private out = "";
  private encoding: FileEncoding | undefined;

  constructor(private readonly context: EditorContext) {}

  async run(args: EditorArgs): Promise<ToolProcessResult> {
    try {
      await this.dispatch(args);
      return { stdout: this.out, stderr: "", exitCode: 0 };
    } catch (error) {
      if (error instanceof ToolExit) return { stdout: this.out, stderr: "", exitCode: error.code };
      throw error;
    }
  }

  private say(text: string): void {
    this.out += `${text}\n`;
  }

  private fail(text: string, code: number): never {
    this.say(text);
    throw new ToolExit(code);
  }

  private async dispatch(args: EditorArgs): Promise<void> {
    const path = pyPathStr(args.path);
    await this.validatePath(args.command, args.path, path);
    switch (args.command) {
      case "view":
        return this.view(path, args.viewRange);
      case "create":
        if (args.fileText === undefined) this.fail("Parameter `file_text` is required for command: create", 1);
        return this.create(path, args.fileText);
      case "str_replace":
        if (args.oldStr === undefined) this.fail("Parameter `old_str` is required for command: str_replace", 2);
        return this.replace(path, args.oldStr, args.newStr);
      case "insert":
        if (args.insertLine === undefined) this.fail("Parameter `insert_line` is required for command: insert", 3);
        if (args.newStr === undefined) this.fail("Parameter `new_str` is required for command: insert", 4);
        return this.insert(path, args.insertLine, args.newStr);
      case "undo_edit":
        return this.fail(`No edit history found for ${path}.`, 18);
      default:
        this.fail(`Unrecognized command ${args.command}. The allowed commands for the str_replace_editor tool are: "view", "create", "str_replace", "insert", "undo_edit"`, 5);
    }
  }

  private async validatePath(command: string, raw: string, path: string): Promise<void> {
    if (!path.startsWith("/")) {
      const suggested = pyPathStr(`${this.context.cwd}/${raw}`);
      this.fail(`The path ${path} is not an absolute path, it should start with \`/\`. Maybe you meant ${suggested}?`, 6);
    }
    const kind = await this.context.files.kind(path);
    if (kind === "missing" && command !== "create") this.fail(`The path ${path} does not exist. Please provide a valid path.`, 7);
    if (kind !== "missing" && command === "create") this.fail(`File already exists at: ${path}. Cannot overwrite files using command \`create\`.`, 8);
    if (kind === "directory" && command !== "view") this.fail(`The path ${path} is a directory and only the \`view\` command can be used on directories`, 9);
  }

  private async view(path: string, viewRange: readonly [number, number] | undefined): Promise<void> {
    if ((await this.context.files.kind(path)) === "directory") return this.viewDirectory(path, viewRange);
    const content = await this.readFile(path);
    if (viewRange !== undefined) return this.viewRange(path, content, viewRange);
    if (pyPathSuffix(path) === ".py" && pyLen(content) > MAX_RESPONSE_LEN && this.context.useFilemap && (await this.tryFilemap(content))) return;
    this.say(makeOutput(content, path, 1));
  }

  private async viewDirectory(path: string, viewRange: readonly [number, number] | undefined): Promise<void> {
    if (viewRange !== undefined) this.fail("The `view_range` parameter is not allowed when `path` points to a directory.", 10);
    const found = await this.context.files.shell(`find ${path} -maxdepth 2 -not -path '*/\\.*'`, this.context.cwd);
    if (found.stderr.length > 0) return;
    this.say(`Here's the files and directories up to 2 levels deep in ${path}, excluding hidden items:\n${found.stdout.toString("utf8")}\n`);
  }

  private viewRange(path: string, content: string, [init, final]: readonly [number, number]): void {
    const lines = content.split("\n");
    const n = lines.length;
    const shown = pyRepr(fromJs([init, final]));
    if (init < 1 || init > n) this.fail(`Invalid \`view_range\`: ${shown}. Its first element \`${init}\` should be within the range of lines of the file: ${pyRepr(fromJs([1, n]))}`, 12);
    if (final > n) this.fail(`Invalid \`view_range\`: ${shown}. Its second element \`${final}\` should be smaller than the number of lines in the file: \`${n}\``, 13);
    if (final !== -1 && final < init) this.fail(`Invalid \`view_range\`: ${shown}. Its second element \`${final}\` should be larger or equal than its first \`${init}\``, 14);
    const last = final === -1 ? n : final;
    this.say(makeOutput(lines.slice(init - 1, last).join("\n"), path, init));
  }

  private async tryFilemap(content: string): Promise<boolean> {
    if (this.context.filemap === undefined) return false;
    let filemap: string;
    try {
      filemap = await this.context.filemap(content, this.encoding ?? "utf-8");
    } catch {
      return false;
    }
    this.say(FILEMAP_NOTE);
    this.say(maybeTruncate(pyExpandtabs(filemap)));
    this.say(FILEMAP_END);
    return true;
  }

  private async create(path: string, text: string): Promise<void> {
    const parent = pyPathParent(path);
    if ((await this.context.files.kind(parent)) === "missing") this.fail(`The parent directory ${parent} does not exist. Please create it first.`, 21);
    await this.writeFile(path, text);
    this.say(`File created successfully at: ${path}`);
  }

  private async replace(path: string, oldStr: string, newStr: string | undefined): Promise<void> {
    const result = strReplace(await this.readFile(path), oldStr, newStr, path);
    if (!result.ok) this.fail(result.message, result.code);
    await this.writeFile(path, result.content);
    this.say(result.message);
  }

  private async insert(path: string, line: number, newStr: string): Promise<void> {
    const result = insertText(await this.readFile(path), line, newStr);
    if (!result.ok) this.fail(result.message, result.code);
    await this.writeFile(path, result.content);
    this.say(result.message.replace("{path}", () => path));
  }

  private async readFile(path: string): Promise<string> {
    const decoded = decodeFile(await this.context.files.read(path));
    this.encoding = decoded.encoding;
    return decoded.text;
  }

  /** Python's write_text: the file is opened (truncated) before the text is encoded. */
  private async writeFile(path: string, text: string): Promise<void> {
    const encoded = encodeFile(text, this.encoding ?? "utf-8");
    if (!encoded.ok) {
      await this.context.files.write(path, new Uint8Array());
      this.fail(`Ran into ${encoded.error} while trying to write to ${path}`, 20);
    }
    try {
      await this.context.files.write(path, encoded.bytes);
    } catch (error) {
      this.fail(`Ran into ${error instanceof Error ? error.message : String(error)} while trying to write to ${path}`, 20);
    }
  }
}
