/**
 * Reads a script JSON file (format: harness/agents/scripted/README.md). Exactly one of:
 *   { "steps": [step, ...] }                                   one script, one shared cursor
 *   { "scripts": [{ "match"?: "text", "steps": [...] }, ...] } chosen by the first user message
 *   { "instances": { "<instance_id>": { "match"?: [...], "calls": [...], "style"?: "native"|"hermes" } } }  solver
 * plus optional "model" (the id /v1/models reports).
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { fixedScript, matchScripts, solverSource } from "./sources.ts";
import type { MiniPlay } from "./mini-play.ts";
import type { ScriptSource } from "./sources.ts";
import { scriptedCallSchema, stepsSchema } from "./steps.ts";
import { SeraBenchError } from "../../util/errors.ts";

const solverEntrySchema = z.object({
  match: z.array(z.string().min(1)).default([]),
  calls: z.array(scriptedCallSchema).min(1),
  style: z.enum(["native", "hermes"]).default("native"),
});

export const scriptFileSchema = z
  .object({
    model: z.string().min(1).optional(),
    steps: stepsSchema.optional(),
    scripts: z.array(z.object({ match: z.string().min(1).optional(), steps: stepsSchema })).min(1).optional(),
    instances: z.record(z.string().min(1), solverEntrySchema).optional(),
  })
  .strict()
  .refine((f) => [f.steps, f.scripts, f.instances].filter((x) => x !== undefined).length === 1, {
    message: 'expected exactly one of "steps", "scripts" or "instances"',
  });

export type ScriptFile = z.infer<typeof scriptFileSchema>;

export function sourceFromScriptFile(file: ScriptFile, problemTexts?: ReadonlyMap<string, string>, play?: MiniPlay): ScriptSource {
  if (file.steps !== undefined) return fixedScript(file.steps);
  if (file.scripts !== undefined) return matchScripts(file.scripts.map((s) => (s.match === undefined ? { steps: s.steps } : { match: s.match, steps: s.steps })));
  return solverSource({ instances: file.instances ?? {} }, problemTexts, play);
}

export function parseScriptFile(text: string, where: string): ScriptFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SeraBenchError(`${where}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const checked = scriptFileSchema.safeParse(json);
  if (!checked.success) throw new SeraBenchError(`${where}: not a valid script file:\n${z.prettifyError(checked.error)}`);
  return checked.data;
}

export async function loadScriptFile(path: string): Promise<ScriptFile> {
  return parseScriptFile(await readFile(path, "utf8"), path);
}
