import { createRequire } from "node:module";
import { Language, Parser, Query } from "web-tree-sitter";
import { pyPad6, pySplitlines } from "../../util/python/str.ts";
import { SeraBenchError } from "../../util/errors.ts";

/**
 * The str_replace_editor Filemap: a large Python file with every function body of 6+ lines
 * replaced by `... eliding lines a-b ...` (tree-sitter query `(function_definition body: (_) @body)`).
 * Uses web-tree-sitter with the tree-sitter-python WASM grammar (SWE-agent: tree-sitter 0.21.3 and
 * tree-sitter-languages 1.10.2 in Python; same query, same rows).
 */
let loaded: Promise<{ parser: Parser; query: Query }> | undefined;

function load(): Promise<{ parser: Parser; query: Query }> {
  loaded ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const language = await Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm"));
    const parser = new Parser();
    parser.setLanguage(language);
    return { parser, query: new Query(language, "(function_definition body: (_) @body)") };
  })();
  return loaded;
}

export async function pythonFilemap(content: string): Promise<string> {
  const { parser, query } = await load();
  const tree = parser.parse(content);
  if (tree === null) throw new SeraBenchError("tree-sitter could not parse the file");
  try {
    const ranges = query
      .captures(tree.rootNode)
      .map((capture) => [capture.node.startPosition.row, capture.node.endPosition.row] as const)
      .filter(([start, end]) => end - start >= 5);
    return renderFilemap(content, ranges);
  } finally {
    tree.delete();
  }
}

/** Kept lines (from splitlines) and elision markers, sorted by row, as "{:6d} {}". */
export function renderFilemap(content: string, ranges: readonly (readonly [number, number])[]): string {
  const elided = new Set<number>();
  for (const [start, end] of ranges) for (let row = start; row <= end; row++) elided.add(row);
  const entries: [number, string][] = ranges.map(([start, end]) => [start, `... eliding lines ${start + 1}-${end + 1} ...`]);
  pySplitlines(content).forEach((line, row) => {
    if (!elided.has(row)) entries.push([row, line]);
  });
  entries.sort(([rowA, textA], [rowB, textB]) => rowA - rowB || (textA < textB ? -1 : textA > textB ? 1 : 0));
  return entries.map(([row, text]) => `${pyPad6(row + 1)} ${text}`).join("\n");
}
