// The layer rule of src/ (see src/README.md), as an ESLint rule: a file may import from its own
// folder and from folders of a lower layer, never from a folder of its own layer or a higher one.
import { dirname, relative, resolve, sep } from "node:path";

/** Top-level folders of src/, lowest layer first; folders on one line are siblings. */
export const LAYERS = [
  ["util"],
  ["sandbox", "dataset"],
  ["model", "tools", "grading"],
  ["protocol"],
  ["agent", "evaluation"],
  ["images"],
  ["run"],
  ["executor", "report"],
  ["cli"],
];

const RANK = new Map(LAYERS.flatMap((folders, rank) => folders.map((folder) => [folder, rank])));

/** The top-level folder of src/ that holds `file`, or undefined outside src/. */
function srcFolder(file, srcRoot) {
  const rel = relative(srcRoot, file);
  if (rel.startsWith("..") || rel === "") return undefined;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** Why `from` may not import `to` (both top-level folders of src/), or undefined when it may. */
export function layerViolation(from, to) {
  if (from === to) return undefined;
  const a = RANK.get(from);
  const b = RANK.get(to);
  if (a === undefined) return `src/${from} is in no layer: add it to LAYERS in scripts/lint-layers.js and to src/README.md`;
  if (b === undefined) return `src/${to} is in no layer: add it to LAYERS in scripts/lint-layers.js and to src/README.md`;
  if (b < a) return undefined;
  return `src/${from} may not import src/${to} (${b === a ? "same layer" : "higher layer"}); the layers, lowest first: ${LAYERS.map((l) => l.join("|")).join(" < ")}`;
}

export const layersRule = {
  meta: { type: "problem", docs: { description: "imports in src/ point down the layers" }, schema: [] },
  create(context) {
    const file = context.filename;
    const srcRoot = resolve(context.cwd, "src");
    const from = srcFolder(file, srcRoot);
    if (from === undefined) return {};
    const check = (node, source) => {
      if (typeof source !== "string" || !source.startsWith(".")) return;
      const to = srcFolder(resolve(dirname(file), source), srcRoot);
      if (to === undefined) return;
      const why = layerViolation(from, to);
      if (why !== undefined) context.report({ node, message: why });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
    };
  },
};

export default { rules: { "layers": layersRule } };
