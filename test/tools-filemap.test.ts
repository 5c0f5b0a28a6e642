import { describe, expect, it } from "vitest";
import type { FileAccess, PathKind } from "../src/tools/container/file-access.ts";
import { EditorProcess } from "../src/tools/editor/editor.ts";
import { pythonFilemap } from "../src/tools/editor/filemap.ts";

/**
 * Hand-verified against the filemap rules of SWE-agent's str_replace_editor (no Python tree-sitter
 * here to produce a golden file): bodies spanning 6+ rows are elided with one marker per body,
 * nested long bodies add their own marker, five-line bodies stay, lines are "{:6d} {}", tabs expand
 * after the prefix, and the whole view is wrapped in the two notes.
 */
const LINES = [
  "import os", // 1
  "", // 2
  "def five():", // 3
  "    a = 1", // 4
  "    b = 2", // 5
  "    c = 3", // 6
  "    d = 4", // 7
  "    return a", // 8
  "", // 9
  "async def six():", // 10
  "    a = 1", // 11
  "    b = 2", // 12
  "    c = 3", // 13
  "    d = 4", // 14
  "    e = 5", // 15
  "    return a", // 16
  "class Outer:", // 17
  "    def method(self):", // 18
  "        def inner():", // 19
  "            a = 1", // 20
  "            b = 2", // 21
  "            c = 3", // 22
  "            d = 4", // 23
  "            e = 5", // 24
  "            return a", // 25
  "        return inner", // 26
  "def tabbed():", // 27
  "\treturn 1", // 28
];
const PADDING = Array.from({ length: 400 }, (_, i) => `# padding comment line ${i} ${"-".repeat(30)}`);
const CONTENT = [...LINES, ...PADDING, ""].join("\n");

class MemoryFiles implements FileAccess {
  constructor(private readonly files: Map<string, string>) {}
  async kind(path: string): Promise<PathKind> {
    return this.files.has(path) ? "file" : path === "/" || path === "/src" ? "directory" : "missing";
  }
  async read(path: string): Promise<Uint8Array> {
    return Buffer.from(this.files.get(path) ?? "", "utf8");
  }
  async write(path: string, data: Uint8Array): Promise<void> {
    this.files.set(path, Buffer.from(data).toString("utf8"));
  }
  async shell(): Promise<never> {
    throw new Error("not used");
  }
}

describe("filemap of a large Python file", () => {
  it("elides long function bodies with SWE-agent's markers", async () => {
    const lines = (await pythonFilemap(CONTENT)).split("\n");
    expect(lines.slice(0, 17)).toEqual([
      "     1 import os",
      "     2 ",
      "     3 def five():",
      "     4     a = 1",
      "     5     b = 2",
      "     6     c = 3",
      "     7     d = 4",
      "     8     return a",
      "     9 ",
      "    10 async def six():",
      "    11 ... eliding lines 11-16 ...",
      "    17 class Outer:",
      "    18     def method(self):",
      "    19 ... eliding lines 19-26 ...",
      "    20 ... eliding lines 20-25 ...",
      "    27 def tabbed():",
      "    28 \treturn 1",
    ]);
    expect(lines.at(-1)).toBe(`   428 # padding comment line 399 ${"-".repeat(30)}`);
  });

  it("is shown by view with the two notes, tabs expanded after the prefix", async () => {
    const files = new MemoryFiles(new Map([["/src/big.py", CONTENT]]));
    const result = await new EditorProcess({ files, cwd: "/", useFilemap: true, filemap: pythonFilemap }).run({ command: "view", path: "/src/big.py" });
    expect(result.exitCode).toBe(0);
    const out = result.stdout.split("\n");
    expect(out[0]).toBe(
      "<NOTE>This file is too large to display entirely. Showing abbreviated version. Please use `str_replace_editor view` with the `view_range` parameter to show selected lines next.</NOTE>",
    );
    expect(out).toContain("    28  return 1");
    expect(out.at(-2)).toBe(
      "<IMPORTANT><NOTE>The above file has been abbreviated. Please use `str_replace editor view` with `view_range` to look at relevant files in detail.</NOTE></IMPORTANT>",
    );
    expect(out.at(-1)).toBe("");
  });

  it("falls back to the numbered, truncated view when the filemap is off", async () => {
    const files = new MemoryFiles(new Map([["/src/big.py", CONTENT]]));
    const result = await new EditorProcess({ files, cwd: "/", useFilemap: false, filemap: pythonFilemap }).run({ command: "view", path: "/src/big.py" });
    expect(result.stdout.startsWith("Here's the result of running `cat -n` on /src/big.py:\n     1\timport os\n")).toBe(true);
    expect(result.stdout).toContain("<response clipped><NOTE>To save on context only part of this file has been shown to you.");
  });
});
