/**
 * The inputs of `npm run bench:full`: a dataset of N sample-format rows (the bundled sample's six
 * repositories under new ids, each row naming its sample image, so no image is built per id) and a
 * scripted model that plays each sample's fix padded with harmless steps (views, git status, greps)
 * to the wanted number of model calls.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SAMPLE_SOLUTIONS } from "../src/model/setup.ts";
import { projectPath } from "../src/util/paths.ts";

export const BENCH_MODEL = "bench-full-solver";

/** `count` rows: sample row i % 6 under the id `<its id without -1>-<1000 + i>`, its image unchanged. */
export async function writeDataset(file: string, count: number): Promise<string[]> {
  const samples = await sampleRows();
  const lines: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = samples[i % samples.length]!;
    const id = `${base.instance_id.replace(/-\d+$/, "")}-${1000 + i}`;
    ids.push(id);
    lines.push(JSON.stringify({ ...base, instance_id: id }));
  }
  await writeFile(file, `${lines.join("\n")}\n`);
  return ids;
}

/** The bundled sample's rows as written (instances/sample/<id>/instance.json), in id order. */
async function sampleRows(): Promise<{ instance_id: string }[]> {
  const dir = projectPath("instances/sample");
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && e.name !== "predictions").map((e) => e.name).sort();
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir, name, "instance.json"), "utf8")) as { instance_id: string }));
}

type Call = { name: string; arguments: Record<string, unknown> };
type SolverFile = { model?: string; instances: Record<string, { match?: string[]; calls: Call[] }> };

/** The sample solutions with `steps` model calls each (at least the solution's own): padding goes before the first edit. */
export async function writeScript(dir: string, steps: number): Promise<{ file: string; stepsPerRollout: number }> {
  const solutions = JSON.parse(await readFile(SAMPLE_SOLUTIONS, "utf8")) as SolverFile;
  let longest = 0;
  const instances = Object.fromEntries(Object.entries(solutions.instances).map(([id, entry]) => {
    const calls = padded(entry.calls, steps);
    longest = Math.max(longest, calls.length);
    return [id, { ...entry, calls }];
  }));
  const file = join(dir, "script.json");
  await writeFile(file, JSON.stringify({ model: BENCH_MODEL, instances }, null, 1));
  return { file, stepsPerRollout: longest };
}

function padded(calls: readonly Call[], steps: number): Call[] {
  const firstEdit = calls.findIndex((call) => call.name === "str_replace_editor" && call.arguments["command"] !== "view");
  const at = firstEdit === -1 ? 1 : firstEdit;
  const viewed = calls.find((call) => call.arguments["command"] === "view")?.arguments["path"];
  const cycle: Call[] = [
    { name: "str_replace_editor", arguments: { command: "view", path: typeof viewed === "string" ? viewed : "/testbed" } },
    { name: "bash", arguments: { command: "cd /testbed && git status --short && git log --oneline -1" } },
    { name: "bash", arguments: { command: "cd /testbed && wc -l $(git ls-files '*.py') | tail -1" } },
    { name: "bash", arguments: { command: "cd /testbed && grep -rn 'def ' --include='*.py' . | head -20" } },
  ];
  const pad = Array.from({ length: Math.max(0, steps - calls.length) }, (_, i) => cycle[i % cycle.length]!);
  return [...calls.slice(0, at), ...pad, ...calls.slice(at)];
}
