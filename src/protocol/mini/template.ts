import { Template } from "@huggingface/jinja";
import { SeraBenchError } from "../../util/errors.ts";

/**
 * mini-swe-agent's templates are Jinja2, rendered with StrictUndefined and without
 * keep_trailing_newline (Python's jinja2 drops one trailing newline of the template). Rendered with
 * @huggingface/jinja; a name the template uses that is not among the values is an error, as under
 * StrictUndefined (checked on the template's top-level names before rendering).
 */
export function renderJinja(template: string, values: Readonly<Record<string, unknown>>, label: string): string {
  const missing = topLevelNames(template).filter((name) => !(name in values));
  if (missing.length > 0) throw new SeraBenchError(`${label}: the template uses ${missing.map((m) => `'${m}'`).join(", ")}, which is undefined (StrictUndefined)`);
  const source = template.endsWith("\n") ? template.slice(0, -1) : template;
  try {
    return new Template(source).render({ ...values });
  } catch (error) {
    throw new SeraBenchError(`${label}: cannot render the Jinja template: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const KEYWORDS = new Set(["if", "else", "elif", "endif", "for", "endfor", "in", "not", "and", "or", "is", "defined", "set", "true", "false", "none", "True", "False", "None", "length", "loop"]);

/**
 * The names a template reads at the top level ({{ output.output }} -> output), without the names it
 * sets itself and those tested with `is defined`. Enough for mini's templates; not a Jinja parser.
 */
function topLevelNames(template: string): string[] {
  const set = new Set([...template.matchAll(/\{%-?\s*set\s+(\w+)/g)].map((m) => m[1]!));
  const tested = new Set([...template.matchAll(/(\w+)\s+is\s+(?:not\s+)?defined/g)].map((m) => m[1]!));
  const names = new Set<string>();
  for (const block of template.matchAll(/\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g)) {
    const code = (block[1] ?? block[2] ?? "").replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, "");
    for (const m of code.matchAll(/(^|[^\w.|])([A-Za-z_]\w*)/g)) {
      const name = m[2]!;
      const after = code.slice((m.index ?? 0) + m[0].length);
      if (KEYWORDS.has(name) || set.has(name) || tested.has(name) || /^\s*\(/.test(after) || /\|\s*$/.test(code.slice(0, (m.index ?? 0) + m[1]!.length))) continue;
      names.add(name);
    }
  }
  return [...names];
}
