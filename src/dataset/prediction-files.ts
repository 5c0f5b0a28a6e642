import { existsSync } from "node:fs";
import { extname, isAbsolute, resolve } from "node:path";
import { projectPath } from "../util/paths.ts";
import { DatasetError } from "./errors.ts";
import { parseJson, parseJsonLines, readText, type RawEntry } from "./text-files.ts";

export interface RawPredictions {
  readonly entries: RawEntry[];
  readonly warnings: string[];
}

/** .jsonl (one per line), .json list, or .json dict whose values are predictions (list(dict.values())). */
export async function readPredictionFile(path: string): Promise<RawPredictions> {
  const ext = extname(path).toLowerCase();
  if (ext !== ".json" && ext !== ".jsonl") {
    throw new DatasetError(`Unsupported predictions file ${path}: expected "gold", a .jsonl file, or a .json list or dict`);
  }
  if (!existsSync(path)) throw new DatasetError(missingMessage(path));
  const text = await readText(path);
  if (ext === ".jsonl") return { entries: parseJsonLines(text, path), warnings: [] };
  return fromJson(parseJson(text, path), path);
}

function fromJson(parsed: unknown, path: string): RawPredictions {
  if (Array.isArray(parsed)) {
    return { entries: parsed.map((value: unknown, index) => ({ value, where: `${path} index ${index}` })), warnings: [] };
  }
  if (typeof parsed !== "object" || parsed === null) {
    throw new DatasetError(`${path}: expected a JSON list of predictions or an object keyed by instance id`);
  }
  return fromDict(parsed as Record<string, unknown>, path);
}

/** Dict form: each value is a prediction; one without instance_id takes its key, with a warning. */
function fromDict(dict: Record<string, unknown>, path: string): RawPredictions {
  const entries: RawEntry[] = [];
  const keyed: string[] = [];
  for (const [key, value] of Object.entries(dict)) {
    const where = `${path} key "${key}"`;
    const needsKey = typeof value === "object" && value !== null && !Array.isArray(value) && !("instance_id" in value);
    if (needsKey) keyed.push(key);
    entries.push({ value: needsKey ? { ...value, instance_id: key } : value, where });
  }
  const warnings = keyed.length === 0 ? [] : [keyWarning(path, keyed)];
  return { entries, warnings };
}

function keyWarning(path: string, keys: readonly string[]): string {
  const shown = keys.slice(0, 5).join(", ");
  const more = keys.length > 5 ? ` and ${keys.length - 5} more` : "";
  return `${path}: ${keys.length} prediction(s) had no instance_id; used the dict key instead (${shown}${more})`;
}

/**
 * A predictions file that is not there; when the path is one of the package's own files (the README's
 * `instances/sample/predictions/wrong.jsonl`, run outside a checkout), where the package holds it.
 */
function missingMessage(path: string): string {
  const packaged = isAbsolute(path) ? undefined : projectPath(path);
  const hint = packaged !== undefined && existsSync(packaged) ? `; sera-bench's package holds ${path}: pass --predictions ${packaged}` : "";
  return `Could not read predictions file ${path}: no such file (looked for ${resolve(path)})${hint}`;
}
