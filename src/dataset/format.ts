import type { z } from "zod";
import type { RawEntry } from "./text-files.ts";

/** "a, b, c" or "a, b, ... (and 12 more)": long id lists stay readable in error messages. */
export function listSome(items: readonly string[], max = 20): string {
  const shown = items.slice(0, max).join(", ");
  const rest = items.length - max;
  return rest > 0 ? `${shown} (and ${rest} more)` : shown;
}

/**
 * `where (instance_id X): issues` for an entry its schema rejected (the id only when the entry has
 * a readable one). Issues read "field: what was expected (got ...)", joined by "; ": parse with
 * reportInput for the "got".
 */
export function describeRejected(entry: RawEntry, error: z.ZodError): string {
  const id = readableId(entry.value);
  return `${entry.where}${id === undefined ? "" : ` (instance_id ${id})`}: ${describeIssues(error)}`;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map(describeIssue).join("; ");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length === 0 ? "(whole value)" : issue.path.map(String).join(".");
  if (issue.code === "invalid_type" && issue.input === undefined) return `${where}: missing (${issue.message})`;
  return `${where}: ${issue.message}${describeInput(issue)}`;
}

function describeInput(issue: z.core.$ZodIssue): string {
  if (!("input" in issue) || issue.input === undefined) return "";
  const text = JSON.stringify(issue.input) ?? String(issue.input);
  return ` (got ${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}

/** The instance_id of a raw row, if it has a readable one. */
function readableId(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const id = (value as Record<string, unknown>)["instance_id"];
  if (typeof id !== "string" || id === "") return undefined;
  return id.length > 60 ? `${id.slice(0, 57)}...` : id;
}

/** Ids that occur more than once, each with the places it occurred (`places[i]` is where `ids[i]` came from). */
export function repeatedIds(ids: readonly string[], places: readonly string[]): [string, string[]][] {
  const seen = new Map<string, string[]>();
  ids.forEach((id, index) => {
    const list = seen.get(id) ?? [];
    list.push(places[index] ?? `index ${index}`);
    seen.set(id, list);
  });
  return [...seen].filter(([, list]) => list.length > 1);
}
