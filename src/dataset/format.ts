import type { z } from "zod";

/** "a, b, c" or "a, b, ... (and 12 more)": long id lists stay readable in error messages. */
export function listSome(items: readonly string[], max = 20): string {
  const shown = items.slice(0, max).join(", ");
  const rest = items.length - max;
  return rest > 0 ? `${shown} (and ${rest} more)` : shown;
}

/** Zod issues as "field: what was expected (got ...)", joined by "; ". Parse with reportInput for the "got". */
export function describeIssues(error: z.ZodError): string {
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
export function readableId(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const id = (value as Record<string, unknown>)["instance_id"];
  return typeof id === "string" && id !== "" ? id : undefined;
}
