/**
 * Writes harness/agents/scripted/sample-solutions.json: the built-in scripted model's solutions for
 * the bundled sample instances, derived from each instance's gold patch. Each solution looks around
 * with bash and the editor, makes the gold change hunk by hunk with `str_replace_editor str_replace`,
 * shows the diff, then calls `submit` twice (review, confirm). Run again after changing a sample:
 *   npx tsx scripts/sample-solutions.ts [--check]
 */
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SAMPLE_DIR = join(ROOT, "instances", "sample");
const OUTPUT = join(ROOT, "harness", "agents", "scripted", "sample-solutions.json");

interface Call {
  readonly name: string;
  readonly arguments: Record<string, unknown>;
}

interface Hunk {
  readonly path: string;
  readonly oldText: string;
  readonly newText: string;
}

/** Hunks of a unified diff as (path, old text, new text); only in-place modifications. */
export function hunksOf(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let path = "";
  let current: { old: string[]; new: string[] } | undefined;
  const flush = () => {
    if (current !== undefined) hunks.push({ path, oldText: current.old.join("\n"), newText: current.new.join("\n") });
    current = undefined;
  };
  for (const line of patch.split("\n")) {
    if (line.startsWith("diff --git ")) flush();
    else if (line.startsWith("+++ ")) path = line.slice(4).replace(/^b\//, "");
    else if (line.startsWith("@@")) {
      flush();
      current = { old: [], new: [] };
    } else if (current !== undefined && !line.startsWith("\\")) {
      if (line.startsWith("-") || line.startsWith(" ") || line === "") current.old.push(line.slice(1));
      if (line.startsWith("+") || line.startsWith(" ") || line === "") current.new.push(line.slice(1));
    }
  }
  flush();
  return hunks.map((h) => ({ ...h, oldText: h.oldText.replace(/\n+$/, ""), newText: h.newText.replace(/\n+$/, "") }));
}

function solution(patch: string): Call[] {
  const hunks = hunksOf(patch);
  const first = hunks[0];
  if (first === undefined) throw new Error("gold patch without hunks");
  return [
    { name: "bash", arguments: { command: "cd /testbed && git status --short && ls" } },
    { name: "str_replace_editor", arguments: { command: "view", path: `/testbed/${first.path}` } },
    ...hunks.map((h) => ({ name: "str_replace_editor", arguments: { command: "str_replace", path: `/testbed/${h.path}`, old_str: h.oldText, new_str: h.newText } })),
    { name: "bash", arguments: { command: "cd /testbed && git diff --stat" } },
    { name: "submit", arguments: {} },
    { name: "submit", arguments: {} },
  ];
}

async function build(): Promise<string> {
  const instances: Record<string, { match: string[]; calls: Call[] }> = {};
  for (const id of (await readdir(SAMPLE_DIR)).filter((name) => name.startsWith("sera-bench__")).sort()) {
    const row = JSON.parse(await readFile(join(SAMPLE_DIR, id, "instance.json"), "utf8")) as { patch: string; problem_statement: string };
    const title = row.problem_statement.split("\n")[0] ?? id;
    instances[id] = { match: [title], calls: solution(row.patch) };
  }
  return `${JSON.stringify({ model: "scripted-sample-solver", instances }, null, 2)}\n`;
}

const text = await build();
if (process.argv.includes("--check")) {
  const current = await readFile(OUTPUT, "utf8").catch(() => "");
  if (current !== text) {
    process.stderr.write(`${OUTPUT} is stale: run npx tsx scripts/sample-solutions.ts\n`);
    process.exitCode = 1;
  }
} else {
  await writeFile(OUTPUT, text);
  process.stdout.write(`wrote ${OUTPUT}\n`);
}
